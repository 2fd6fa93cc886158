import { parseArgs } from 'node:util'
import { diff, stateAsOf, timeline } from '@storyledger/projection'
import { type Io, withStore } from '../open-store.js'
import { dateText, renderState } from '../render-state.js'
import { UsageError } from '../usage-error.js'
import { readStory } from './stories.js'

/** `replay STORY [--as-of DAY] [--known-at DAY|INSTANT] [--latest N] [--json]`: the state of the deal then. */
export async function replayCommand(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      'as-of': { type: 'string' },
      'known-at': { type: 'string' },
      latest: { type: 'string' },
      json: { type: 'boolean' },
    },
  })
  const [story] = positionals
  if (story === undefined || positionals.length > 1) throw new UsageError('replay needs exactly one STORY')
  const latest = values.latest === undefined ? 5 : Number(values.latest)
  if (!Number.isInteger(latest) || latest < 0) throw new UsageError('--latest needs a whole number')
  const asOf = {
    ...(values['as-of'] === undefined ? {} : { validAt: values['as-of'] }),
    ...(values['known-at'] === undefined ? {} : { knownAt: values['known-at'] }),
    now: (io.now?.() ?? new Date()).toISOString(),
  }
  return withStore(io, async (store) => {
    const events = await readStory(store, story)
    const state = stateAsOf(events, asOf)
    const developments = latest === 0 ? [] : timeline(events, { ...asOf, limit: latest })
    if (values.json) {
      io.out(JSON.stringify({ asOf, state, latestDevelopments: developments }))
      return 0
    }
    const heading = [
      `As of ${values['as-of'] ?? 'today'}`,
      values['known-at'] === undefined ? '' : `, as known at ${values['known-at']}`,
    ].join('')
    io.out(renderState(state, { heading, latest }))
    if (developments.length > 0) {
      io.out('')
      io.out('Latest developments')
      for (const entry of developments.slice().reverse()) {
        const sources = entry.sources.map((s) => s.outlet).join(', ')
        io.out(
          `  ${dateText(entry.occurredOn).padEnd(12)} ${entry.description}${sources ? ` (${sources})` : ''}`,
        )
      }
    }
    return 0
  })
}

/** `diff STORY --from DAY --to DAY [--known-at …] [--json]`: what changed between two days of the story. */
export async function diffCommand(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      from: { type: 'string' },
      to: { type: 'string' },
      'known-at': { type: 'string' },
      json: { type: 'boolean' },
    },
  })
  const [story] = positionals
  if (story === undefined || positionals.length > 1) throw new UsageError('diff needs exactly one STORY')
  if (values.from === undefined) throw new UsageError('diff needs --from DAY')
  const now = (io.now?.() ?? new Date()).toISOString()
  const knownAt = values['known-at'] === undefined ? {} : { knownAt: values['known-at'] }
  return withStore(io, async (store) => {
    const events = await readStory(store, story)
    const before = stateAsOf(events, { validAt: values.from, ...knownAt, now })
    const after = stateAsOf(events, {
      ...(values.to === undefined ? {} : { validAt: values.to }),
      ...knownAt,
      now,
    })
    const changes = diff(before, after)
    if (values.json) {
      io.out(JSON.stringify({ from: values.from, to: values.to ?? null, changes }))
      return 0
    }
    io.out(`What changed between ${values.from} and ${values.to ?? 'today'}: ${changes.length} change(s)`)
    for (const change of changes) io.out(`  ${change.text}`)
    return 0
  })
}
