export type { AppendResult } from './append-batch.js'
export {
  type AppendOptions,
  createEventStore,
  type EventStore,
  type EventStoreOptions,
  type LogHead,
  openEventStore,
  type ReadAllOptions,
  type ReadStreamOptions,
  type StoreConfig,
  type StreamInfo,
} from './event-store.js'
export { type MigrationSet, migrateToLatest, runMigrations } from './migrations.js'
export {
  openPglite,
  openPostgres,
  type PgliteDatabase,
  type PgliteOptions,
  type PostgresOptions,
  type StoreDatabase,
} from './open-database.js'
export { createPgliteTemplate, type PgliteTemplateOptions } from './pglite-template.js'
export {
  type CatchUpProjector,
  type CatchUpProjectorOptions,
  type CatchUpResult,
  createCatchUpProjector,
  type ProjectorDefinition,
  type ReadModelDocument,
  type ReadModelWriter,
} from './projector.js'
export type { Database } from './schema.js'
