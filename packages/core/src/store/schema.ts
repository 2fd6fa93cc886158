import type { ColumnType } from 'kysely'

/** The tables of the log, as Kysely sees them. int8 columns come back from `pg` as strings. */
export interface Database {
  events: EventsTable
  streams: StreamsTable
  log_head: LogHeadTable
  tree_heads: TreeHeadsTable
  projector_checkpoints: ProjectorCheckpointsTable
  read_model_documents: ReadModelDocumentsTable
}

export interface EventsTable {
  position: ColumnType<string, number, never>
  event_id: ColumnType<string, string, never>
  stream_id: ColumnType<string, string, never>
  stream_version: ColumnType<number, number, never>
  type: ColumnType<string, string, never>
  schema_version: ColumnType<number, number, never>
  occurred_on: ColumnType<string, string, never>
  reported_on: ColumnType<string | null, string | null, never>
  recorded_at: ColumnType<Date, Date, never>
  data: ColumnType<unknown, string, never>
  metadata: ColumnType<unknown, string, never>
  payload_salt: ColumnType<Uint8Array, Uint8Array, never>
  payload_hash: ColumnType<Uint8Array, Uint8Array, never>
  leaf_hash: ColumnType<Uint8Array, Uint8Array, never>
}

export interface StreamsTable {
  stream_id: string
  version: number
  first_position: ColumnType<string, number, number>
  last_position: ColumnType<string, number, number>
  created_at: Date
  updated_at: Date
}

/** One row (id = 1): the size, root and right edge of the Merkle tree after the last append. */
export interface LogHeadTable {
  id: number
  tree_size: ColumnType<string, number, number>
  root: Uint8Array
  /** The right-edge subtree roots, largest first, concatenated (32 bytes each). */
  peaks: Uint8Array
  last_recorded_at: Date | null
}

/** Every tree head the log has had, one per append transaction: what later consistency proofs start from. */
export interface TreeHeadsTable {
  tree_size: ColumnType<string, number, never>
  root: ColumnType<Uint8Array, Uint8Array, never>
  recorded_at: ColumnType<Date, Date, never>
}

/** How far each catch-up projector has read the log. */
export interface ProjectorCheckpointsTable {
  projector: string
  position: ColumnType<string, number, number>
  updated_at: Date
}

/** The documents of the read models, keyed per projector; `position` is the last event folded into each. */
export interface ReadModelDocumentsTable {
  projector: string
  key: string
  value: ColumnType<unknown, string, string>
  position: ColumnType<string, number, number>
}
