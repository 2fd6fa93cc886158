import type { ColumnType } from 'kysely'

/** The classroom's tables, beside the log's in the same schema. Secrets live here, never in the log. */
export type ClassroomTables = {
  classroom_teachers: TeachersTable
  classroom_sign_in_tokens: SignInTokensTable
  classroom_secrets: SecretsTable
  classroom_quizzes: QuizzesTable
  classroom_attempts: AttemptsTable
  classroom_join_tries: JoinTriesTable
}

export type QuizzesTable = {
  id: string
  teacher_id: string
  story_id: string
  join_code_hash: Uint8Array
  show_answers: boolean
  created_at: ColumnType<Date, Date, never>
}

export type AttemptsTable = {
  id: string
  quiz_id: string
  display_name: string
  seed: string
  started_at: ColumnType<Date, Date, never>
  submitted_at: ColumnType<Date | null, Date | null, Date>
  total: number | null
  max_total: number | null
  percentage: number | null
}

export type JoinTriesTable = {
  client: string
  tried_at: ColumnType<Date, Date, never>
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
