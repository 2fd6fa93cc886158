import { fileURLToPath } from 'node:url'
import { migrateClassroom } from '@storyledger/classroom'
import { migrateToLatest, type StoreDatabase } from '@storyledger/core/store'

/**
 * Where the build leaves an initialised, migrated PGlite cluster (`make-pglite-template.ts`): a first start copies
 * it instead of running initdb. The same folder whether the app runs from `src/` or `dist/`.
 */
export const BUILT_PGLITE_TEMPLATE = fileURLToPath(new URL('../../dist/pglite-template', import.meta.url))

/**
 * What the template holds besides PGlite's initdb: the app's tables, empty. The stories' events, the teacher
 * account and the session secret are written by each first start, never copied.
 */
export async function prepareTemplate(database: StoreDatabase): Promise<void> {
  await migrateToLatest(database)
  await migrateClassroom(database)
}
