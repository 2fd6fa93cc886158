import { type EventStore, openEventStore } from '@storyledger/core/store'

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
export async function withStore(io: Io, use: (store: EventStore) => Promise<number>): Promise<number> {
  const url = io.env.DATABASE_URL
  const store = await openEventStore(
    url
      ? { backend: 'postgres', connectionString: url }
      : { backend: 'pglite', dataDir: io.env.STORYLEDGER_DATA_DIR ?? '.data/storyledger' },
  )
  try {
    return await use(store)
  } finally {
    await store.close()
  }
}
