import { type Kysely, sql, type Transaction } from 'kysely'
import { z } from 'zod'
import type { StoredEvent } from '../envelope.js'
import { InvalidArgumentError, issuesFrom } from '../errors.js'
import type { UpcasterRegistry } from '../upcasters.js'
import type { StoreDatabase } from './open-database.js'
import { eventColumns, Int8, parseEventRow, storedEventOf } from './rows.js'
import type { Database } from './schema.js'

/** One document of a read model, with the position of the last event folded into it. */
export interface ReadModelDocument {
  readonly key: string
  readonly value: unknown
  readonly position: number
}

/** What a projector's `apply` may do to its read model, inside the transaction that also moves its checkpoint. */
export interface ReadModelWriter {
  get(key: string): Promise<ReadModelDocument | undefined>
  put(key: string, value: unknown, position: number): Promise<void>
  delete(key: string): Promise<void>
}

export interface ProjectorDefinition {
  /** A stable name: the checkpoint and the documents are kept under it. */
  readonly name: string
  /** Folds a batch of events, in position order with none skipped, into the read model. */
  apply(events: readonly StoredEvent[], model: ReadModelWriter): Promise<void> | void
}

export interface CatchUpResult {
  /** How many events were folded by this call. */
  readonly applied: number
  /** The checkpoint afterwards: the position of the last event folded. */
  readonly position: number
}

/**
 * Keeps a read model up to date with the log. It reads the log from its checkpoint in batches; each batch is
 * folded and the checkpoint moved in one transaction, so a crash never applies a batch twice or loses one, and
 * several app instances on one PostgreSQL take turns (the checkpoint row is locked) instead of racing.
 */
export interface CatchUpProjector {
  readonly name: string
  /** Folds every event recorded after the checkpoint. */
  catchUp(): Promise<CatchUpResult>
  /**
   * Forgets every document and folds the log again, from position 1 or from `fromPosition` (a read model of the
   * log's suffix, for example after a model changed shape at a known position).
   */
  rebuild(options?: { fromPosition?: number }): Promise<CatchUpResult>
  checkpoint(): Promise<number>
  get(key: string): Promise<ReadModelDocument | undefined>
  list(options?: { prefix?: string }): Promise<ReadModelDocument[]>
}

export interface CatchUpProjectorOptions {
  /** Events per transaction (default 1,000). */
  readonly batchSize?: number
  readonly upcasters?: UpcasterRegistry
}

const ProjectorName = z.string().regex(/^[a-z0-9][a-z0-9._-]{0,99}$/, 'expected a lowercase slug')
const BatchSize = z.number().int().min(1).max(10_000)
const FromPosition = z.number().int().min(1)
const DocumentRow = z
  .object({ key: z.string(), value: z.unknown(), position: Int8 })
  .transform((row): ReadModelDocument => ({ key: row.key, value: row.value, position: row.position }))

export function createCatchUpProjector(
  database: StoreDatabase,
  definition: ProjectorDefinition,
  options: CatchUpProjectorOptions = {},
): CatchUpProjector {
  const name = parse(ProjectorName, definition.name, 'name')
  const batchSize = parse(BatchSize, options.batchSize ?? 1_000, 'batchSize')
  const { db } = database

  async function ensureCheckpoint(executor: Kysely<Database>, position = 0, reset = false) {
    const insert = executor
      .insertInto('projector_checkpoints')
      .values({ projector: name, position, updated_at: new Date() })
    await (reset
      ? insert.onConflict((oc) => oc.column('projector').doUpdateSet({ position, updated_at: new Date() }))
      : insert.onConflict((oc) => oc.column('projector').doNothing())
    ).execute()
  }

  /** Folds one batch; returns how many events it folded (0 when the log has nothing new). */
  async function foldNextBatch(): Promise<CatchUpResult> {
    return db.transaction().execute(async (trx) => {
      const { position: from } = CheckpointRow.parse(
        await trx
          .selectFrom('projector_checkpoints')
          .select('position')
          .where('projector', '=', name)
          .forUpdate()
          .executeTakeFirstOrThrow(),
      )
      const rows = await trx
        .selectFrom('events')
        .select(eventColumns)
        .where(sql<boolean>`position > ${from}`)
        .orderBy('position')
        .limit(batchSize)
        .execute()
      if (rows.length === 0) return { applied: 0, position: from }
      const events = rows.map((row) => storedEventOf(parseEventRow(row), options.upcasters))
      const writer = bufferedWriter(trx, name)
      await definition.apply(events, writer)
      await writer.flush()
      const to = events[events.length - 1]?.position ?? from
      await trx
        .updateTable('projector_checkpoints')
        .set({ position: to, updated_at: new Date() })
        .where('projector', '=', name)
        .execute()
      return { applied: events.length, position: to }
    })
  }

  async function catchUp(): Promise<CatchUpResult> {
    await ensureCheckpoint(db)
    let applied = 0
    for (;;) {
      const batch = await foldNextBatch()
      applied += batch.applied
      if (batch.applied < batchSize) return { applied, position: batch.position }
    }
  }

  return {
    name,
    catchUp,
    async rebuild(rebuildOptions = {}) {
      const fromPosition = parse(FromPosition, rebuildOptions.fromPosition ?? 1, 'fromPosition')
      await db.transaction().execute(async (trx) => {
        await ensureCheckpoint(trx, fromPosition - 1, true)
        await trx.deleteFrom('read_model_documents').where('projector', '=', name).execute()
      })
      return catchUp()
    },
    async checkpoint() {
      const row = await db
        .selectFrom('projector_checkpoints')
        .select('position')
        .where('projector', '=', name)
        .executeTakeFirst()
      return row === undefined ? 0 : CheckpointRow.parse(row).position
    },
    async get(key) {
      const row = await db
        .selectFrom('read_model_documents')
        .select(['key', 'value', 'position'])
        .where('projector', '=', name)
        .where('key', '=', key)
        .executeTakeFirst()
      return row === undefined ? undefined : DocumentRow.parse(row)
    },
    async list(listOptions = {}) {
      let query = db
        .selectFrom('read_model_documents')
        .select(['key', 'value', 'position'])
        .where('projector', '=', name)
      if (listOptions.prefix !== undefined) {
        query = query.where(sql<boolean>`starts_with(key, ${listOptions.prefix})`)
      }
      const rows = await query.orderBy('key').execute()
      return rows.map((row) => DocumentRow.parse(row))
    },
  }
}

const CheckpointRow = z.object({ position: Int8 })

/** Collects a batch's writes and sends them as one upsert and one delete when the batch is folded. */
function bufferedWriter(trx: Transaction<Database>, projector: string) {
  const pending = new Map<string, ReadModelDocument | null>()
  return {
    async get(key: string) {
      const buffered = pending.get(key)
      if (buffered !== undefined) return buffered ?? undefined
      const row = await trx
        .selectFrom('read_model_documents')
        .select(['key', 'value', 'position'])
        .where('projector', '=', projector)
        .where('key', '=', key)
        .executeTakeFirst()
      return row === undefined ? undefined : DocumentRow.parse(row)
    },
    async put(key: string, value: unknown, position: number) {
      if (JSON.stringify(value) === undefined) {
        throw new InvalidArgumentError(`The value of read model document "${key}" is not JSON`, [])
      }
      pending.set(key, { key, value, position })
    },
    async delete(key: string) {
      pending.set(key, null)
    },
    async flush() {
      const puts = [...pending.values()].filter((d): d is ReadModelDocument => d !== null)
      const deletes = [...pending].filter(([, d]) => d === null).map(([key]) => key)
      if (deletes.length > 0) {
        await trx
          .deleteFrom('read_model_documents')
          .where('projector', '=', projector)
          .where('key', 'in', deletes)
          .execute()
      }
      if (puts.length > 0) {
        await trx
          .insertInto('read_model_documents')
          .values(
            puts.map((d) => ({
              projector,
              key: d.key,
              value: JSON.stringify(d.value),
              position: d.position,
            })),
          )
          .onConflict((oc) =>
            oc.columns(['projector', 'key']).doUpdateSet((eb) => ({
              value: eb.ref('excluded.value'),
              position: eb.ref('excluded.position'),
            })),
          )
          .execute()
      }
    },
  }
}

function parse<T>(schema: z.ZodType<T>, value: unknown, name: string): T {
  const parsed = schema.safeParse(value)
  if (!parsed.success) throw new InvalidArgumentError(`Invalid ${name}`, issuesFrom(parsed.error, [name]))
  return parsed.data
}
