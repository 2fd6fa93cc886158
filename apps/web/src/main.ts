import {
  createEventStore,
  migrateToLatest,
  openPglite,
  openPostgres,
  type PgliteDatabase,
  type StoreDatabase,
} from '@storyledger/core/store'
import { readEnv } from './env.js'
import { createLogger } from './lib/logger.js'
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
const opening: Promise<StoreDatabase & { origin?: PgliteDatabase['origin'] }> = env.DATABASE_URL
  ? openPostgres({ connectionString: env.DATABASE_URL })
  : openPglite({
      dataDir: env.STORYLEDGER_DATA_DIR,
      ...(template === 'none' ? {} : { template }),
    })
// Opening PGlite is mostly waiting while its WebAssembly compiles on other threads: the rest of the app loads
// and the bundled stories parse meanwhile, which is why these modules are imported here and not above.
const seeding = import('./seed/seed-story.js').then(async (seed) => ({
  seed,
  stories: await seed.loadBundledStories(),
}))
const [database, { seed, stories }, { createApp }, classroom, { serve }] = await Promise.all([
  opening,
  seeding,
  import('./app.js'),
  import('@storyledger/classroom'),
  import('@hono/node-server'),
])
try {
  await migrateToLatest(database)
  await classroom.migrateClassroom(database)
} catch (error) {
  await database.close()
  throw error
}
const store = createEventStore(database)
// The first page needs the founding story (43 events); the other bundled stories (about 260 more on a first
// start) are written while the app begins to serve. The owner's token hashes (scrypt) on another thread.
const others = stories.slice(1)
const [{ written }, sessionSecret, firstTeacher] = await Promise.all([
  seed.seedStories(store, stories.slice(0, 1)),
  env.SESSION_SECRET ?? classroom.storedSessionSecret(database),
  classroom.ensureFirstTeacher(database),
])
const seedingOthers = seed.seedStories(store, others).then(
  ({ written }) => logger.info('bundled stories checked', { written, stories: others.length }),
  (error: unknown) =>
    logger.error('bundled stories not seeded', {
      error: error instanceof Error ? error.message : String(error),
    }),
)

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
    await seedingOthers
    await store.close()
    process.exit(0)
  })
}
process.on('SIGINT', () => shutdown('SIGINT'))
process.on('SIGTERM', () => shutdown('SIGTERM'))
