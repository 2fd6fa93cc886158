/**
 * The floors of a bulk import, per batch of 1,000 events: what each part costs alone, so that the append
 * figures can be read against what this machine can do at all. Prints medians in ms per 1,000 events and the
 * events/s each part alone would allow.
 *
 *   pnpm --filter @storyledger/core bench:floors                          # PGlite and JavaScript only
 *   DATABASE_URL=postgres://… pnpm --filter @storyledger/core bench:floors  # and PostgreSQL
 *   FLOOR_BATCHES=40 …                                                    # batches timed per figure
 *
 * Database floors insert ready rows (validated, canonical, hashed, positions given) with no JavaScript work
 * inside the timed part: (a) the store's own insert statement, its array parameters already serialised;
 * (b) the same rows through COPY FROM STDIN, as text prepared beforehand. Each batch is its own transaction,
 * as an append is. JavaScript floors time each step of the store's path over the same 1,000 events.
 */
import { randomBytes } from 'node:crypto'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { PGlite } from '@electric-sql/pglite'
import { createPgConfig } from '@electric-sql/pglite/node-postgres'
import { Kysely, PostgresDialect } from 'kysely'
import pg from 'pg'
import { from as copyFrom } from 'pg-copy-streams'
import { canonicalJson } from '../src/canonical-json.js'
import { validateNewEvents } from '../src/envelope.js'
import { leafHashOf, payloadHashOfCanonical } from '../src/leaf-hash.js'
import { createMerkleAccumulator } from '../src/merkle-tree.js'
import { toHex } from '../src/sha256.js'
import { insertEvents, type NewRow, prepareEvents } from '../src/store/append-batch.js'
import { migrateToLatest } from '../src/store/migrations.js'
import type { Database } from '../src/store/schema.js'
import { benchEvent } from './bench-event.js'

const BATCH = 1_000
const batches = Number(process.env.FLOOR_BATCHES ?? 30)
const recordedAt = '2026-11-25T10:00:00.000Z'
const input = benchEvent

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!
function report(name: string, msPerBatch: number[]): void {
  const ms = median(msPerBatch)
  const rate = Math.round((BATCH / ms) * 1000).toLocaleString('en-US')
  console.log(`${name.padEnd(62)} ${ms.toFixed(2).padStart(7)} ms  ${rate.padStart(9)} events/s alone`)
}
/** CPU milliseconds of this process for synchronous work: unlike wall time, it holds still under load. */
function time(work: () => void): number {
  const before = process.cpuUsage()
  work()
  const used = process.cpuUsage(before)
  return (used.user + used.system) / 1000
}
async function timeAsync(work: () => Promise<unknown>): Promise<number> {
  const started = performance.now()
  await work()
  return performance.now() - started
}

/** `count` ready rows starting at `firstPosition`, built the way the store builds them. */
function readyRows(firstPosition: number, count = BATCH): NewRow[] {
  const prepared = prepareEvents(
    validateNewEvents(Array.from({ length: count }, (_, i) => input(firstPosition + i))),
  )
  return prepared.map((event, i) => {
    const fields = {
      eventId: `${randomBytes(4).toString('hex')}-0000-7000-8000-${randomBytes(6).toString('hex')}`,
      streamId: 'story/import',
      streamVersion: firstPosition + i,
      position: firstPosition + i,
      type: event.type,
      schemaVersion: event.schemaVersion,
      occurredOn: event.occurredOn,
      reportedOn: event.reportedOn ?? null,
      recordedAt,
      payloadHash: event.payloadHash,
    }
    return {
      ...fields,
      canonicalData: event.canonicalData,
      canonicalMetadata: event.canonicalMetadata,
      payloadSalt: event.payloadSalt,
      leafHash: leafHashOf(fields),
    }
  })
}

/** The statement with every parameter already in the text form `pg` sends: no JavaScript left to time. */
function serialisedInsert(rows: NewRow[]) {
  const compiled = insertEvents(rows, recordedAt).compile(compiler)
  return { sql: compiled.sql, parameters: compiled.parameters.map((p) => prepare(p)) }
}
const compiler = new Kysely<Database>({
  dialect: new PostgresDialect({ pool: new pg.Pool({ max: 1 }) }),
})
// pg's own serialiser of parameters (what `client.query` runs on each value before sending it).
const { prepareValue: prepare } = (await import('pg/lib/utils.js' as string)) as {
  prepareValue: (value: unknown) => unknown
}

/** The store's insert before this bench: one array parameter per column, json[] and bytea[] included. */
function unnestInsert(rows: NewRow[]) {
  const column = <T>(f: (r: NewRow) => T) => prepare(rows.map(f))
  return {
    sql: `insert into events (position, event_id, stream_id, stream_version, type, schema_version,
      occurred_on, reported_on, recorded_at, data, metadata, payload_salt, payload_hash, leaf_hash)
    select position, event_id, stream_id, stream_version, type, schema_version,
      occurred_on, reported_on, $1::timestamptz, data, metadata, payload_salt, payload_hash, leaf_hash
    from unnest($2::int8[], $3::uuid[], $4::text[], $5::int4[], $6::text[], $7::int4[], $8::text[], $9::text[],
      $10::json[], $11::json[], $12::bytea[], $13::bytea[], $14::bytea[]
    ) as u(position, event_id, stream_id, stream_version, type, schema_version,
      occurred_on, reported_on, data, metadata, payload_salt, payload_hash, leaf_hash)`,
    parameters: [
      recordedAt,
      column((r) => r.position),
      column((r) => r.eventId),
      column((r) => r.streamId),
      column((r) => r.streamVersion),
      column((r) => r.type),
      column((r) => r.schemaVersion),
      column((r) => r.occurredOn),
      column((r) => r.reportedOn),
      column((r) => r.canonicalData),
      column((r) => r.canonicalMetadata),
      column((r) => r.payloadSalt),
      column((r) => r.payloadHash),
      column((r) => r.leafHash),
    ],
  }
}

function copyText(rows: NewRow[]): string {
  const hex = (bytes: Uint8Array) => `\\\\x${toHex(bytes)}`
  // Canonical JSON has no raw control characters; only backslashes need escaping in COPY's text format.
  const text = (s: string) => s.replaceAll('\\', '\\\\')
  return rows
    .map(
      (r) =>
        `${r.position}\t${r.eventId}\t${text(r.streamId)}\t${r.streamVersion}\t${r.type}\t${r.schemaVersion}\t` +
        `${r.occurredOn}\t${r.reportedOn ?? '\\N'}\t${recordedAt}\t${text(r.canonicalData)}\t` +
        `${text(r.canonicalMetadata)}\t${hex(r.payloadSalt)}\t${hex(r.payloadHash)}\t${hex(r.leafHash)}\n`,
    )
    .join('')
}
const copyColumns = `events (position, event_id, stream_id, stream_version, type, schema_version, occurred_on,
  reported_on, recorded_at, data, metadata, payload_salt, payload_hash, leaf_hash)`

console.log(
  `bulk-import floors: ms per ${BATCH.toLocaleString('en-US')} events, median of ${batches} batches ` +
    `(js: CPU time of this process; database: wall time of the transaction, then CPU); ` +
    `node ${process.version}; ${new Date().toISOString()}`,
)

// (c) JavaScript only. Each step runs over every batch in one loop (after a warm-up loop), so the garbage
// collection a step causes is charged to that step; figures are CPU ms per batch, the mean of the loop.
{
  const inputs = Array.from({ length: batches }, (_, b) =>
    Array.from({ length: BATCH }, (_, i) => input(b * BATCH + i)),
  )
  const validated = inputs.map((events) => validateNewEvents(events))
  const forms = validated.map((events) =>
    events.map((e) => [canonicalJson(e.data), canonicalJson(e.metadata)]),
  )
  const rows = inputs.map((_, b) => readyRows(b * BATCH + 1))
  const salt = randomBytes(16)
  const step = (name: string, work: (b: number) => unknown) => {
    for (let b = 0; b < batches; b++) work(b)
    const total = time(() => {
      for (let b = 0; b < batches; b++) work(b)
    })
    report(`js: ${name}`, [total / batches])
  }
  step('validate with zod (validateNewEvents)', (b) => validateNewEvents(inputs[b]!))
  step('canonical JSON of data and metadata', (b) =>
    validated[b]!.map((e) => [canonicalJson(e.data), canonicalJson(e.metadata)]),
  )
  step('salted payload hashes', (b) => forms[b]!.map(([d, m]) => payloadHashOfCanonical(salt, d!, m!)))
  step('leaf hashes (canonical envelope + SHA-256)', (b) =>
    rows[b]!.map((r) => leafHashOf({ ...r, recordedAt })),
  )
  step('Merkle tree appends and root', (b) => {
    const tree = createMerkleAccumulator()
    for (const r of rows[b]!) tree.append(r.leafHash)
    return tree.root()
  })
  step("build the insert's parameters", (b) => serialisedInsert(rows[b]!))
  step('the previous parameters (pg serialising json[], bytea[])', (b) => unnestInsert(rows[b]!))
  step('COPY text of the rows', (b) => copyText(rows[b]!))
  step('all of validate, canonicalise, hash, leaves, tree', (b) => {
    const prepared = prepareEvents(validateNewEvents(inputs[b]!))
    const tree = createMerkleAccumulator()
    prepared.forEach((e, i) => {
      tree.append(leafHashOf({ ...rows[b]![i]!, recordedAt, payloadHash: e.payloadHash }))
    })
    return tree.root()
  })
}

interface Target {
  readonly name: string
  readonly pool: pg.Pool
  readonly schema: string
  /** CPU milliseconds the database has used so far (PGlite: this process; PostgreSQL: its backend). */
  cpu(): Promise<number>
  /** Runs COPY … FROM STDIN with the given text in its own transaction, where the backend can. */
  readonly copy?: (text: string) => Promise<void>
  close(): Promise<void>
}

async function inTransaction(
  pool: pg.Pool,
  work: (client: pg.PoolClient) => Promise<unknown>,
): Promise<void> {
  const client = await pool.connect()
  try {
    await client.query('begin')
    await work(client)
    await client.query('commit')
  } finally {
    client.release()
  }
}

async function databaseFloors(target: Target): Promise<void> {
  const { name, pool, schema } = target
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) })
  await migrateToLatest({ db, backend: 'postgres', schema, close: async () => {} })
  let next = 1
  const take = () => {
    const rows = readyRows(next)
    next += BATCH
    return rows
  }
  const insert: number[] = []
  const unnest: number[] = []
  const withParams: number[] = []
  const commitOnly: number[] = []
  const databaseCpu = { insert: 0, unnest: 0, copy: 0 }
  for (let b = 0; b < batches; b++) {
    const { sql: text, parameters } = serialisedInsert(take())
    let cpuBefore = await target.cpu()
    insert.push(await timeAsync(() => inTransaction(pool, (c) => c.query(text, parameters))))
    databaseCpu.insert += (await target.cpu()) - cpuBefore
    const before = unnestInsert(take())
    cpuBefore = await target.cpu()
    unnest.push(await timeAsync(() => inTransaction(pool, (c) => c.query(before.sql, before.parameters))))
    databaseCpu.unnest += (await target.cpu()) - cpuBefore
    const rows = take()
    withParams.push(
      await timeAsync(() =>
        inTransaction(pool, (c) => {
          const compiled = insertEvents(rows, recordedAt).compile(compiler)
          return c.query(compiled.sql, compiled.parameters as unknown[])
        }),
      ),
    )
    commitOnly.push(await timeAsync(() => inTransaction(pool, (c) => c.query('select 1'))))
  }
  report(`${name}: the store's insert, parameters serialised beforehand`, insert)
  report(`${name}: the store's insert, with its JavaScript`, withParams)
  report(`${name}: the previous insert (json[], bytea[]), parameters ready`, unnest)
  report(`${name}: an empty transaction (begin, select 1, commit)`, commitOnly)
  if (target.copy) {
    const copies: number[] = []
    for (let b = 0; b < batches; b++) {
      const text = copyText(take())
      const cpuBefore = await target.cpu()
      copies.push(await timeAsync(() => target.copy!(text)))
      databaseCpu.copy += (await target.cpu()) - cpuBefore
    }
    report(`${name}: COPY FROM STDIN, text prepared beforehand`, copies)
  }
  const perBatch = (total: number) => `${(total / batches).toFixed(1)} ms`
  console.log(
    `${name}: database CPU per 1,000 rows: the store's insert ${perBatch(databaseCpu.insert)}, ` +
      `the previous insert ${perBatch(databaseCpu.unnest)}` +
      (target.copy ? `, COPY ${perBatch(databaseCpu.copy)}` : ''),
  )
  const count = (await pool.query<{ n: string }>('select count(*) as n from events')).rows[0]?.n
  if (Number(count) !== next - 1) throw new Error(`expected ${next - 1} rows, found ${count}`)
  await target.close()
}

async function pgliteTarget(): Promise<Target> {
  const dir = mkdtempSync(join(tmpdir(), 'storyledger-floors-'))
  const pglite = await PGlite.create(join(dir, 'pgdata'))
  const pool = new pg.Pool(createPgConfig(pglite))
  return {
    name: 'pglite',
    pool,
    schema: 'public',
    async cpu() {
      const used = process.cpuUsage()
      return (used.user + used.system) / 1000
    },
    async copy(text) {
      await pglite.transaction(async (tx) => {
        await tx.query(`copy ${copyColumns} from '/dev/blob'`, [], { blob: new Blob([text]) })
      })
    },
    async close() {
      await pool.end()
      await pglite.close()
      rmSync(dir, { recursive: true, force: true })
    },
  }
}

async function postgresTarget(connectionString: string): Promise<Target> {
  const schema = `sl_floors_${randomBytes(6).toString('hex')}`
  const admin = new pg.Client({ connectionString })
  await admin.connect()
  await admin.query(`create schema ${schema}`)
  // One connection, so that one backend process does all the work and its CPU time can be read.
  const pool = new pg.Pool({ connectionString, max: 1, options: `-c search_path=${schema}` })
  const backendPid = (await pool.query<{ pid: number }>('select pg_backend_pid() as pid')).rows[0]!.pid
  return {
    name: 'postgres',
    pool,
    schema,
    async cpu() {
      // utime and stime, fields 14 and 15 of /proc/PID/stat, in clock ticks of 10 ms.
      const fields = readFileSync(`/proc/${backendPid}/stat`, 'utf8').split(') ')[1]!.split(' ')
      return (Number(fields[11]) + Number(fields[12])) * 10
    },
    copy: (text) =>
      inTransaction(pool, async (client) => {
        const stream = client.query(copyFrom(`copy ${copyColumns} from stdin`))
        await pipeline(Readable.from([text]), stream)
      }),
    async close() {
      await pool.end()
      await admin.query(`drop schema ${schema} cascade`)
      await admin.end()
    },
  }
}

await databaseFloors(await pgliteTarget())
if (process.env.DATABASE_URL) await databaseFloors(await postgresTarget(process.env.DATABASE_URL))
await compiler.destroy()
