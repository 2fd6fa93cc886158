import type { Teacher } from '@storyledger/classroom'
import type { EventStore, StoreDatabase } from '@storyledger/core/store'
import type { Logger } from './lib/logger.js'
import type { StoryLogs } from './lib/story-logs.js'

export interface AppDeps {
  readonly store: EventStore
  /** The log's database, which also holds the classroom tables (teachers, sign-in tokens). */
  readonly database: StoreDatabase
  /** Signs session cookies; every instance on one database must use the same one. */
  readonly sessionSecret: string
  readonly logger?: Logger
  /** Secure cookies and no detail in errors. */
  readonly production?: boolean
  /** Largest request body accepted, in bytes (default 64 KiB). */
  readonly maxBodyBytes?: number
  readonly clock?: () => Date
  /** How many tries to join a quiz one client may make per window (default 20 a minute). */
  readonly joinRateLimit?: { readonly limit: number; readonly windowMs: number }
}

/** The deps with their defaults, and what the app keeps between requests. */
export type AppServices = Required<AppDeps> & {
  /** Each story's events, refreshed from the log on every read. */
  readonly storyLogs: StoryLogs
}

/** What every handler can reach through `c.var`. */
export interface AppEnv {
  Variables: {
    deps: AppServices
    teacher: Teacher | undefined
  }
}
