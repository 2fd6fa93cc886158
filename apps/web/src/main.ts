import { serve } from '@hono/node-server'
import { ensureFirstTeacher, migrateClassroom, storedSessionSecret } from '@storyledger/classroom'
import {
  createEventStore,
  migrateToLatest,
  openPglite,
  openPostgres,
  type PgliteDatabase,
  type StoreDatabase,
} from '@storyledger/core/store'
import { createApp } from './app.js'
import { readEnv } from './env.js'
import { createLogger } from './lib/logger.js'
import { seedBundledStories } from './seed/seed-story.js'
import { BUILT_PGLITE_TEMPLATE } from './startup/pglite-template.js'

const env = (() => {
  try {
    return readEnv()
  } catch (error) {
    // A configuration mistake: say what it is, without a stack trace.
    console.error(error instanceof Error ? error.message : String(error))
    process.exit(1)
  }
})()
const logger = createLogger(env.LOG_LEVEL)
const template = env.STORYLEDGER_PGLITE_TEMPLATE ?? BUILT_PGLITE_TEMPLATE
const database: StoreDatabase & { origin?: PgliteDatabase['origin'] } = env.DATABASE_URL
  ? await openPostgres({ connectionString: env.DATABASE_URL })
  : await openPglite({
      dataDir: env.STORYLEDGER_DATA_DIR,
      ...(template === 'none' ? {} : { template }),
    })
try {
  await migrateToLatest(database)
  await migrateClassroom(database)
} catch (error) {
  await database.close()
  throw error
}
const store = createEventStore(database)
const { written } = await seedBundledStories(store)
const sessionSecret = env.SESSION_SECRET ?? (await storedSessionSecret(database))
const firstTeacher = await ensureFirstTeacher(database)

const createdFrom = {
  existing: '',
  template: ', new, from the PGlite template',
  initdb: ', new, initialised now',
  dump: ', new, from a dump',
} as const
const app = createApp({ store, database, sessionSecret, logger, production: env.production })
const server = serve({ fetch: app.fetch, port: env.PORT, hostname: env.HOST }, (info) => {
  const where =
    database.origin === undefined
      ? 'PostgreSQL'
      : `the embedded database in ${env.STORYLEDGER_DATA_DIR}${createdFrom[database.origin]}`
  const base = env.PUBLIC_URL ?? `http://${env.HOST === '0.0.0.0' ? '127.0.0.1' : env.HOST}:${info.port}`
  console.log(
    `storyledger on http://${env.HOST}:${info.port} (${where}; founding story ${written ? 'seeded' : 'already there'})`,
  )
  if (firstTeacher) {
    // Printed, never logged: the link is a one-time password.
    console.log(
      `${firstTeacher.created ? 'A teacher account was created. ' : ''}Sign in once with this link ` +
        `(valid until ${firstTeacher.expiresAt}):\n  ${new URL(`/sign-in?token=${firstTeacher.token}`, base).href}`,
    )
  }
})

let stopping = false
function shutdown(signal: string) {
  if (stopping) return
  stopping = true
  logger.info('shutting down', { signal })
  server.close(async () => {
    await store.close()
    process.exit(0)
  })
}
process.on('SIGINT', () => shutdown('SIGINT'))
process.on('SIGTERM', () => shutdown('SIGTERM'))
