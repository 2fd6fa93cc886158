import { randomBytes } from 'node:crypto'
import pg from 'pg'
import type { NewEventInput } from '../envelope.js'
import { createEventStore, type EventStore, type EventStoreOptions } from '../store/event-store.js'
import { migrateToLatest } from '../store/migrations.js'
import { openPglite, openPostgres, type StoreDatabase } from '../store/open-database.js'

export type Backend = 'pglite' | 'postgres'

/** PGlite always; PostgreSQL when `DATABASE_URL` is set (CI sets it, so the suite runs on both there). */
export function testBackends(): Backend[] {
  return process.env.DATABASE_URL ? ['pglite', 'postgres'] : ['pglite']
}

export interface TestStore {
  readonly store: EventStore
  /** The raw database, for tests that must go around the store (tampering, trying UPDATE). */
  readonly database: StoreDatabase
  /** Another store on the same log, with its own connections: a second writer. */
  openAnotherWriter(options?: EventStoreOptions): Promise<EventStore>
  close(): Promise<void>
}

let migratedPglite: Promise<Blob> | undefined

/**
 * A fresh, empty, migrated log. PGlite: an in-memory copy of a database migrated once per worker (a cold
 * PGlite costs about 2 s, a copy about 0.5 s). PostgreSQL: a new schema in the `DATABASE_URL` database,
 * dropped on close.
 */
export async function openTestStore(backend: Backend, options: EventStoreOptions = {}): Promise<TestStore> {
  const extraStores: EventStore[] = []
  if (backend === 'pglite') {
    migratedPglite ??= (async () => {
      const template = await openPglite()
      await migrateToLatest(template)
      const dump = await template.dumpDataDir()
      await template.close()
      return dump
    })()
    const database = await openPglite({ loadDataDir: await migratedPglite })
    const store = createEventStore(database, options)
    return {
      store,
      database,
      // PGlite is one session: a second writer shares it, as a second caller in the same process would.
      openAnotherWriter: async (writerOptions = options) => {
        const writer = createEventStore({ ...database, close: async () => {} }, writerOptions)
        extraStores.push(writer)
        return writer
      },
      async close() {
        for (const writer of extraStores) await writer.close()
        await store.close()
      },
    }
  }
  const connectionString = requireDatabaseUrl()
  const schema = `sl_test_${randomBytes(6).toString('hex')}`
  const database = await openPostgres({ connectionString, schema, poolSize: 4 })
  await migrateToLatest(database)
  const store = createEventStore(database, options)
  return {
    store,
    database,
    openAnotherWriter: async (writerOptions = options) => {
      const writer = createEventStore(
        await openPostgres({ connectionString, schema, poolSize: 2 }),
        writerOptions,
      )
      extraStores.push(writer)
      return writer
    },
    async close() {
      for (const writer of extraStores) await writer.close()
      await store.close()
      const admin = new pg.Client({ connectionString })
      await admin.connect()
      await admin.query(`drop schema ${schema} cascade`)
      await admin.end()
    },
  }
}

function requireDatabaseUrl(): string {
  const url = process.env.DATABASE_URL
  if (!url) throw new Error('DATABASE_URL is not set: the PostgreSQL backend needs it')
  return url
}

const defaultSources = [{ outlet: 'Test Gazette', attribution: 'a source familiar with the matter' }]

/** A valid event of the catalogue, with overridable parts, for tests that need events but not particular ones. */
export function anEvent(overrides: Partial<NewEventInput> = {}): NewEventInput {
  return {
    type: 'InterestExpressed',
    occurredOn: '2020-08-01',
    data: { partyId: 'microsoft', description: 'wants to buy the US business' },
    metadata: { recordedBy: 'test', sources: defaultSources },
    ...overrides,
  }
}
