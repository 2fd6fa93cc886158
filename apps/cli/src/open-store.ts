import {
  createEventStore,
  type EventStore,
  migrateToLatest,
  openPglite,
  openPostgres,
  type StoreDatabase,
} from '@storyledger/core/store'

export interface Io {
  readonly out: (line: string) => void
  readonly err: (line: string) => void
  readonly env: Readonly<Record<string, string | undefined>>
  /** Where a progress bar may be drawn (stderr in a terminal); no bar when absent or not a terminal. */
  readonly progress?: NodeJS.WritableStream & { isTTY?: boolean }
  /** The present instant, for "as known now" (tests pin it). */
  readonly now?: () => Date
}

/** The embedded database (PGlite in STORYLEDGER_DATA_DIR) unless DATABASE_URL names a PostgreSQL. */
export async function withStore(
  io: Io,
  use: (store: EventStore, database: StoreDatabase) => Promise<number>,
): Promise<number> {
  const url = io.env.DATABASE_URL
  const database = url
    ? await openPostgres({ connectionString: url })
    : await openPglite({ dataDir: io.env.STORYLEDGER_DATA_DIR ?? '.data/storyledger' })
  try {
    await migrateToLatest(database)
  } catch (error) {
    await database.close()
    throw error
  }
  const store = createEventStore(database)
  try {
    return await use(store, database)
  } finally {
    await store.close()
  }
}
