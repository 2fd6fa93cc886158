import type { ColumnType } from 'kysely'

/** The classroom's tables, beside the log's in the same schema. Secrets live here, never in the log. */
export type ClassroomTables = {
  classroom_teachers: TeachersTable
  classroom_sign_in_tokens: SignInTokensTable
  classroom_secrets: SecretsTable
}

export type TeachersTable = {
  id: string
  name: string
  role: string
  created_at: ColumnType<Date, Date, never>
  last_signed_in_at: ColumnType<Date | null, Date | null, Date>
}

export type SignInTokensTable = {
  id: string
  teacher_id: string
  salt: Uint8Array
  hash: Uint8Array
  created_at: ColumnType<Date, Date, never>
  expires_at: ColumnType<Date, Date, never>
  used_at: ColumnType<Date | null, Date | null, Date>
}

export type SecretsTable = {
  name: string
  value: ColumnType<Uint8Array, Uint8Array, never>
  created_at: ColumnType<Date, Date, never>
}
