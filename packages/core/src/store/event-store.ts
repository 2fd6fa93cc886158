import { sql } from 'kysely'
import { z } from 'zod'
import { type NewEventInput, type StoredEvent, StreamId, validateNewEvents } from '../envelope.js'
import { describeIssues, type ExpectedVersion, InvalidArgumentError, issuesFrom } from '../errors.js'
import { exportEventLine, exportHeaderLine, exportHeadLine } from '../log-export.js'
import { createLogVerifier, type TreeHead, type VerificationResult } from '../log-verifier.js'
import { toHex } from '../sha256.js'
import type { UpcasterRegistry } from '../upcasters.js'
import { type AppendResult, type PendingAppend, prepareEvents, writeAppendBatch } from './append-batch.js'
import { createGroupCommit, type Settled } from './group-commit.js'
import { migrateToLatest } from './migrations.js'
import { openPglite, openPostgres, type StoreDatabase } from './open-database.js'
import { EventRow, eventColumns, Int8, leafRecordOf, parseEventRow, storedEventOf } from './rows.js'

export interface AppendOptions {
  /**
   * What the stream must be at for the append to go ahead: a version number (0 for an empty stream),
   * `'no_stream'`, `'exists'`, or `'any'` (the default).
   */
  readonly expectedVersion?: ExpectedVersion
}

export interface ReadStreamOptions {
  readonly fromVersion?: number
  readonly toVersion?: number
  /** Only the events the log had recorded by then. */
  readonly knownAt?: Date | string
}

export interface ReadAllOptions {
  /** The first position to return (default 1). */
  readonly fromPosition?: number
  /** At most this many events (default 1,000; at most 10,000). */
  readonly limit?: number
}

export interface StreamInfo {
  readonly streamId: string
  readonly version: number
  readonly firstPosition: number
  readonly lastPosition: number
  readonly createdAt: string
  readonly updatedAt: string
}

export interface LogHead {
  readonly treeSize: number
  /** Hex RFC 9162 root of all leaves, in position order. */
  readonly root: string
  readonly lastRecordedAt: string | null
}

/**
 * The append-only story log. There is no update and no delete: corrections and retractions are new events,
 * and the database refuses UPDATE, DELETE and TRUNCATE on the events table by itself.
 */
export interface EventStore {
  /**
   * Appends events to a stream, all or nothing. Events are validated against the catalogue first; client
   * `eventId`s make the append idempotent.
   * @throws EventValidationError, StreamVersionConflictError, EventIdReusedError, UnknownEventReferenceError
   */
  append(streamId: string, events: readonly NewEventInput[], options?: AppendOptions): Promise<AppendResult>
  /** A stream's events in version order, upcast to the current schemas. */
  readStream(streamId: string, options?: ReadStreamOptions): Promise<StoredEvent[]>
  /** The whole log in position order, one page at a time. */
  readAll(options?: ReadAllOptions): Promise<StoredEvent[]>
  listStreams(options?: { prefix?: string }): Promise<StreamInfo[]>
  head(): Promise<LogHead>
  /** Recomputes every hash and the Merkle tree; names the first position that no longer matches. */
  verify(): Promise<VerificationResult>
  /** The log as NDJSON lines (header, events, head), for `verifyExport` to check offline. */
  exportLog(): AsyncGenerator<string>
  /** Waits for appends in flight, then closes the database. */
  close(): Promise<void>
}

export interface EventStoreOptions {
  /** Where recorded time comes from (default: the database's clock); never allowed to go back. */
  readonly clock?: () => Date
  /** Upcasters to use instead of the catalogue's own. */
  readonly upcasters?: UpcasterRegistry
  /** The most events one group commit may carry (default 10,000); a larger single append still goes alone. */
  readonly maxBatchEvents?: number
}

const ExpectedVersionSchema = z.union([
  z.number().int().nonnegative(),
  z.enum(['no_stream', 'exists', 'any']),
])
const ReadStreamOptionsSchema = z.strictObject({
  fromVersion: z.number().int().positive().optional(),
  toVersion: z.number().int().positive().optional(),
  knownAt: z.union([z.date(), z.iso.datetime({ offset: true })]).optional(),
})
const ReadAllOptionsSchema = z.strictObject({
  fromPosition: z.number().int().positive().optional(),
  limit: z.number().int().min(1).max(10_000).optional(),
})
const PAGE = 2_000

export function createEventStore(database: StoreDatabase, options: EventStoreOptions = {}): EventStore {
  const { db } = database
  const batchOptions = { clock: options.clock, upcasters: options.upcasters }

  async function writeIsolated(batch: readonly PendingAppend[]): Promise<Settled<AppendResult>[]> {
    return db.transaction().execute((trx) => writeAppendBatch(trx, batch, batchOptions))
  }

  const groupCommit = createGroupCommit<PendingAppend, AppendResult>({
    weigh: (append) => append.events.length,
    maxWeight: options.maxBatchEvents ?? 10_000,
    async write(batch) {
      try {
        return await writeIsolated(batch)
      } catch (error) {
        if (batch.length === 1) throw error
        // Something in the batch broke the transaction: write each append alone, so only its own fails.
        const outcomes: Settled<AppendResult>[] = []
        for (const append of batch) {
          try {
            outcomes.push(...(await writeIsolated([append])))
          } catch (alone) {
            outcomes.push({ ok: false, error: alone })
          }
        }
        return outcomes
      }
    },
  })

  return {
    async append(streamId, events, appendOptions = {}) {
      const stream = parse(StreamId, streamId, 'streamId')
      const expectedVersion = parse(
        ExpectedVersionSchema,
        appendOptions.expectedVersion ?? 'any',
        'expectedVersion',
      )
      const prepared = prepareEvents(validateNewEvents(events, options.upcasters))
      return groupCommit.submit({ streamId: stream, expectedVersion, events: prepared })
    },

    async readStream(streamId, readOptions = {}) {
      const stream = parse(StreamId, streamId, 'streamId')
      const { fromVersion, toVersion, knownAt } = parse(ReadStreamOptionsSchema, readOptions, 'options')
      let query = db.selectFrom('events').select(eventColumns).where('stream_id', '=', stream)
      if (fromVersion !== undefined) query = query.where('stream_version', '>=', fromVersion)
      if (toVersion !== undefined) query = query.where('stream_version', '<=', toVersion)
      if (knownAt !== undefined) query = query.where('recorded_at', '<=', new Date(knownAt))
      const rows = await query.orderBy('stream_version').execute()
      return rows.map((row) => storedEventOf(parseEventRow(row), options.upcasters))
    },

    async readAll(readOptions = {}) {
      const { fromPosition = 1, limit = 1_000 } = parse(ReadAllOptionsSchema, readOptions, 'options')
      const rows = await db
        .selectFrom('events')
        .select(eventColumns)
        .where(sql<boolean>`position >= ${fromPosition}`)
        .orderBy('position')
        .limit(limit)
        .execute()
      return rows.map((row) => storedEventOf(parseEventRow(row), options.upcasters))
    },

    async listStreams(listOptions = {}) {
      let query = db.selectFrom('streams').selectAll()
      if (listOptions.prefix !== undefined) {
        query = query.where(sql<boolean>`starts_with(stream_id, ${listOptions.prefix})`)
      }
      const rows = await query.orderBy('stream_id').execute()
      return rows.map((row) =>
        StreamRow.parse({
          streamId: row.stream_id,
          version: row.version,
          firstPosition: row.first_position,
          lastPosition: row.last_position,
          createdAt: row.created_at,
          updatedAt: row.updated_at,
        }),
      )
    },

    head: () => readHead(database),

    async verify() {
      const head = await readHead(database)
      const checkpoints = (
        await db
          .selectFrom('tree_heads')
          .select(['tree_size', 'root'])
          .where(sql<boolean>`tree_size <= ${head.treeSize}`)
          .orderBy('tree_size')
          .execute()
      ).map((row) => TreeHeadRow.parse(row))
      const verifier = createLogVerifier(checkpoints)
      let position = 0
      for await (const raw of rowsUpTo(database, head.treeSize)) {
        position += 1
        const row = EventRow.safeParse(raw)
        if (!row.success) {
          const detail = describeIssues(issuesFrom(row.error))
          return { ok: false, position, reason: `the stored row does not have the log's shape (${detail})` }
        }
        if (verifier.add(leafRecordOf(row.data))) break
      }
      return verifier.finish(head)
    },

    async *exportLog() {
      const head = await readHead(database)
      yield exportHeaderLine()
      for await (const row of rowsUpTo(database, head.treeSize))
        yield exportEventLine(leafRecordOf(parseEventRow(row)))
      yield exportHeadLine(head)
    },

    async close() {
      await groupCommit.idle()
      await database.close()
    },
  }
}

export type StoreConfig =
  | {
      readonly backend: 'postgres'
      readonly connectionString: string
      readonly poolSize?: number
      readonly schema?: string
    }
  | { readonly backend: 'pglite'; readonly dataDir?: string; readonly loadDataDir?: Blob }

/** Opens the database, brings its schema up to date and returns the store on it. */
export async function openEventStore(
  config: StoreConfig,
  options: EventStoreOptions = {},
): Promise<EventStore> {
  const database =
    config.backend === 'postgres'
      ? await openPostgres({
          connectionString: config.connectionString,
          ...(config.poolSize === undefined ? {} : { poolSize: config.poolSize }),
          ...(config.schema === undefined ? {} : { schema: config.schema }),
        })
      : await openPglite({
          ...(config.dataDir === undefined ? {} : { dataDir: config.dataDir }),
          ...(config.loadDataDir === undefined ? {} : { loadDataDir: config.loadDataDir }),
        })
  try {
    await migrateToLatest(database)
  } catch (error) {
    await database.close()
    throw error
  }
  return createEventStore(database, options)
}

const StreamRow = z.object({
  streamId: z.string(),
  version: z.number().int(),
  firstPosition: Int8,
  lastPosition: Int8,
  createdAt: z.date().transform((d) => d.toISOString()),
  updatedAt: z.date().transform((d) => d.toISOString()),
})
const TreeHeadRow = z
  .object({ tree_size: Int8, root: z.instanceof(Uint8Array) })
  .transform((row): TreeHead => ({ treeSize: row.tree_size, root: toHex(row.root) }))
const LogHeadRow = z
  .object({ tree_size: Int8, root: z.instanceof(Uint8Array), last_recorded_at: z.date().nullable() })
  .transform(
    (row): LogHead => ({
      treeSize: row.tree_size,
      root: toHex(row.root),
      lastRecordedAt: row.last_recorded_at?.toISOString() ?? null,
    }),
  )

async function readHead({ db }: StoreDatabase): Promise<LogHead> {
  const row = await db
    .selectFrom('log_head')
    .select(['tree_size', 'root', 'last_recorded_at'])
    .where('id', '=', 1)
    .executeTakeFirstOrThrow()
  return LogHeadRow.parse(row)
}

/** The stored rows from position 1 to `last`, a page at a time (keyset paging on the primary key). */
async function* rowsUpTo({ db }: StoreDatabase, last: number) {
  for (let from = 1; from <= last; from += PAGE) {
    const rows = await db
      .selectFrom('events')
      .select(eventColumns)
      .where(sql<boolean>`position between ${from} and ${Math.min(from + PAGE - 1, last)}`)
      .orderBy('position')
      .execute()
    yield* rows
  }
}

function parse<T>(schema: z.ZodType<T>, value: unknown, name: string): T {
  const parsed = schema.safeParse(value)
  if (!parsed.success) throw new InvalidArgumentError(`Invalid ${name}`, issuesFrom(parsed.error, [name]))
  return parsed.data
}
