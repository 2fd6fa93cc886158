import { once } from 'node:events'
import { createReadStream, createWriteStream } from 'node:fs'
import { createInterface } from 'node:readline'
import { parseArgs } from 'node:util'
import { describeVerification, verifyExport } from '@storyledger/core'
import { type Io, withStore } from '../open-store.js'
import { UsageError } from '../usage-error.js'

/** `verify [FILE] [--root HEX] [--json]`: an exported log offline, or the database's log. */
export async function verifyCommand(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { root: { type: 'string' }, json: { type: 'boolean' } },
  })
  if (positionals.length > 1) throw new UsageError('verify takes at most one FILE')
  const file = positionals[0]
  if (file === undefined) {
    if (values.root !== undefined) throw new UsageError('--root is for checking an exported FILE')
    return withStore(io, async (store) => {
      const result = await store.verify()
      io.out(values.json ? JSON.stringify(result) : describeVerification(result))
      return result.ok ? 0 : 1
    })
  }
  const lines = createInterface({ input: createReadStream(file), crlfDelay: Number.POSITIVE_INFINITY })
  const result = await verifyExport(lines, values.root === undefined ? {} : { trustedRoot: values.root })
  io.out(values.json ? JSON.stringify(result) : describeVerification(result))
  return result.ok ? 0 : 1
}

/** `export-log [--out FILE]`: the whole log as NDJSON, for `verify FILE`. */
export async function exportLogCommand(args: string[], io: Io): Promise<number> {
  const { values } = parseArgs({ args, options: { out: { type: 'string' } } })
  return withStore(io, async (store) => {
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

/** `streams [--json]`: every stream of the log. */
export async function streamsCommand(args: string[], io: Io): Promise<number> {
  const { values } = parseArgs({ args, options: { json: { type: 'boolean' } } })
  return withStore(io, async (store) => {
    const streams = await store.listStreams()
    if (values.json) io.out(JSON.stringify(streams))
    else
      for (const s of streams)
        io.out(`${s.streamId}\tversion ${s.version}\tpositions ${s.firstPosition}–${s.lastPosition}`)
    return 0
  })
}
