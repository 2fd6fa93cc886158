import { serve } from '@hono/node-server'
import { describeVerification } from '@storyledger/core'
import { openEventStore } from '@storyledger/core/store'
import { createApp } from './app.js'
import { readEnv } from './env.js'
import { seedFoundingStory } from './seed/seed-story.js'

const env = readEnv()
const store = await openEventStore(
  env.DATABASE_URL
    ? { backend: 'postgres', connectionString: env.DATABASE_URL }
    : { backend: 'pglite', dataDir: env.STORYLEDGER_DATA_DIR },
)
const { written } = await seedFoundingStory(store)
const server = serve({ fetch: createApp({ store }).fetch, port: env.PORT, hostname: env.HOST }, (info) => {
  const where = env.DATABASE_URL ? 'PostgreSQL' : `the embedded database in ${env.STORYLEDGER_DATA_DIR}`
  console.log(
    `storyledger on http://${env.HOST}:${info.port} (${where}; founding story ${written ? 'seeded' : 'already there'})`,
  )
})
console.log(`log: ${describeVerification(await store.verify())}`)

let stopping = false
async function shutdown(signal: string) {
  if (stopping) return
  stopping = true
  console.log(`${signal}: finishing requests and closing the database`)
  server.close(async () => {
    await store.close()
    process.exit(0)
  })
}
process.on('SIGINT', () => void shutdown('SIGINT'))
process.on('SIGTERM', () => void shutdown('SIGTERM'))
