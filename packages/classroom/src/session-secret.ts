import { randomBytes } from 'node:crypto'
import type { StoreDatabase } from '@storyledger/core/store'
import { z } from 'zod'
import type { ClassroomTables } from './schema.js'

/**
 * The secret that signs session cookies when none is configured (development): made once, kept in the
 * database, so every instance on the same database signs and checks with the same key. Hex, 64 characters.
 */
export async function storedSessionSecret(
  database: StoreDatabase,
  options: { now?: Date } = {},
): Promise<string> {
  const db = database.db.withTables<ClassroomTables>()
  await db
    .insertInto('classroom_secrets')
    .values({ name: 'session', value: randomBytes(32), created_at: options.now ?? new Date() })
    .onConflict((oc) => oc.column('name').doNothing())
    .execute()
  const row = await db
    .selectFrom('classroom_secrets')
    .select('value')
    .where('name', '=', 'session')
    .executeTakeFirstOrThrow()
  return Buffer.from(z.instanceof(Uint8Array).parse(row.value)).toString('hex')
}
