import { once } from 'node:events'
import { createReadStream, createWriteStream } from 'node:fs'
import { createInterface } from 'node:readline'
import { parseArgs } from 'node:util'
import { describeVerification, StoryledgerError, verifyExport } from '@storyledger/core'
import { type EventStore, openEventStore } from '@storyledger/core/store'

export interface Io {
  readonly out: (line: string) => void
  readonly err: (line: string) => void
  readonly env: Readonly<Record<string, string | undefined>>
}

const usage = `usage: storyledger <command> [options]

commands:
  verify FILE [--root HEX] [--json]   check an exported log offline (no database needed)
  export [--out FILE]                 write the whole log as NDJSON (stdout by default)
  streams [--json]                    list the streams of the log
  verify-db [--json]                  recompute the hashes and tree of the database's log

The database is embedded (PGlite, in STORYLEDGER_DATA_DIR, default .data/storyledger) unless DATABASE_URL is set.`

/** Runs one command; returns the exit code (0 ok, 1 the check failed, 2 bad usage or error). */
export async function run(argv: readonly string[], io: Io): Promise<number> {
  const [command, ...rest] = argv
  try {
    switch (command) {
      case 'verify': {
        const { values, positionals } = parseArgs({
          args: rest,
          allowPositionals: true,
          options: { root: { type: 'string' }, json: { type: 'boolean' } },
        })
        const file = positionals[0]
        if (!file || positionals.length > 1) return fail(io, 'verify needs exactly one FILE')
        const lines = createInterface({ input: createReadStream(file), crlfDelay: Number.POSITIVE_INFINITY })
        const result = await verifyExport(
          lines,
          values.root === undefined ? {} : { trustedRoot: values.root },
        )
        io.out(values.json ? JSON.stringify(result) : describeVerification(result))
        return result.ok ? 0 : 1
      }
      case 'export': {
        const { values } = parseArgs({ args: rest, options: { out: { type: 'string' } } })
        return await withStore(io, async (store) => {
          if (values.out === undefined) {
            for await (const line of store.exportLog()) io.out(line)
            return 0
          }
          const file = createWriteStream(values.out)
          for await (const line of store.exportLog()) {
            if (!file.write(`${line}\n`)) await once(file, 'drain')
          }
          file.end()
          await once(file, 'finish')
          io.err(`wrote ${values.out}`)
          return 0
        })
      }
      case 'streams': {
        const { values } = parseArgs({ args: rest, options: { json: { type: 'boolean' } } })
        return await withStore(io, async (store) => {
          const streams = await store.listStreams()
          if (values.json) io.out(JSON.stringify(streams))
          else
            for (const s of streams)
              io.out(`${s.streamId}\tversion ${s.version}\tpositions ${s.firstPosition}–${s.lastPosition}`)
          return 0
        })
      }
      case 'verify-db': {
        const { values } = parseArgs({ args: rest, options: { json: { type: 'boolean' } } })
        return await withStore(io, async (store) => {
          const result = await store.verify()
          io.out(values.json ? JSON.stringify(result) : describeVerification(result))
          return result.ok ? 0 : 1
        })
      }
      case undefined:
      case 'help':
      case '--help':
        io.out(usage)
        return command === undefined ? 2 : 0
      default:
        return fail(io, `unknown command "${command}"`)
    }
  } catch (error) {
    if (error instanceof StoryledgerError || (error as NodeJS.ErrnoException).code === 'ENOENT') {
      io.err(`storyledger: ${(error as Error).message}`)
      return 2
    }
    if (error instanceof TypeError && (error as NodeJS.ErrnoException).code?.startsWith('ERR_PARSE_ARGS')) {
      return fail(io, error.message)
    }
    throw error
  }
}

function fail(io: Io, message: string): number {
  io.err(`storyledger: ${message}\n\n${usage}`)
  return 2
}

async function withStore(io: Io, use: (store: EventStore) => Promise<number>): Promise<number> {
  const url = io.env.DATABASE_URL
  const store = await openEventStore(
    url
      ? { backend: 'postgres', connectionString: url }
      : { backend: 'pglite', dataDir: io.env.STORYLEDGER_DATA_DIR ?? '.data/storyledger' },
  )
  try {
    return await use(store)
  } finally {
    await store.close()
  }
}
