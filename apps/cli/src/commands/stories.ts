import { once } from 'node:events'
import { createWriteStream, existsSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { parseArgs } from 'node:util'
import type { EventStore } from '@storyledger/core/store'
import {
  bundledStories,
  exportStory,
  importStory,
  isBundledStoryId,
  loadBundledStory,
  openStoryCatalogue,
  parseStoryFile,
  type Story,
  StoryId,
  storyIdOf,
  streamIdOf,
} from '@storyledger/stories'
import cliProgress from 'cli-progress'
import { type Io, withStore } from '../open-store.js'
import { CommandError, UsageError } from '../usage-error.js'

/** `import FILE|STORY [--json]`: a story file, or a story shipped with storyledger, into the log. */
export async function importCommand(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { json: { type: 'boolean' } },
  })
  const [source] = positionals
  if (source === undefined || positionals.length > 1)
    throw new UsageError('import needs exactly one FILE or STORY')

  let story: Story
  if (!existsSync(source) && isBundledStoryId(source)) story = await loadBundledStory(source)
  else {
    const parsed = parseStoryFile(await readFile(source, 'utf8'))
    if (!parsed.ok) {
      for (const e of parsed.errors) io.err(`${source}:${e.line}: ${e.field}: ${e.message}`)
      io.err(
        `storyledger: ${source} is not a valid story file (${parsed.errors.length} error(s)); nothing was written`,
      )
      return 1
    }
    story = parsed.story
  }

  return withStore(io, async (store) => {
    const bar = io.progress?.isTTY
      ? new cliProgress.SingleBar(
          {
            stream: io.progress,
            format: `importing ${story.id} [{bar}] {value}/{total} events`,
            hideCursor: true,
          },
          cliProgress.Presets.shades_classic,
        )
      : undefined
    let started = false
    const result = await importStory(store, story, {
      onProgress: ({ done, total }) => {
        if (!bar) return
        if (!started) bar.start(total, done)
        else bar.update(done)
        started = true
      },
    })
    bar?.stop()
    if (values.json) io.out(JSON.stringify({ storyId: story.id, ...result }))
    else
      io.out(
        result.written === 0
          ? `${story.id}: already in the log (${result.total} events in ${result.streamId}); nothing written`
          : `${story.id}: wrote ${result.written} events to ${result.streamId} (${result.alreadyStored} were already there)`,
      )
    return 0
  })
}

/** `export STORY [--out FILE]`: a story of the log, in the story file format. */
export async function exportCommand(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { out: { type: 'string' } },
  })
  const [story] = positionals
  if (story === undefined || positionals.length > 1) throw new UsageError('export needs exactly one STORY')
  return withStore(io, async (store) => {
    const events = await readStory(store, story)
    const text = exportStory(events)
    if (values.out === undefined) {
      io.out(text.replace(/\n$/, ''))
      return 0
    }
    const file = createWriteStream(values.out)
    file.end(text)
    await once(file, 'finish')
    io.err(`wrote ${values.out} (${events.length} events)`)
    return 0
  })
}

/** `stories [--json]`: the stories in the log, and the bundled ones not imported yet. */
export async function storiesCommand(args: string[], io: Io): Promise<number> {
  const { values } = parseArgs({ args, options: { json: { type: 'boolean' } } })
  return withStore(io, async (_store, database) => {
    const inLog = await openStoryCatalogue(database).list()
    const imported = new Set(inLog.map((s) => s.storyId))
    const available = (await bundledStories()).filter((b) => !imported.has(b.id))
    if (values.json) {
      io.out(JSON.stringify({ stories: inLog, bundled: available.map(({ id, title }) => ({ id, title })) }))
      return 0
    }
    if (inLog.length === 0) io.out('No story in the log yet.')
    for (const s of inLog) {
      const span = s.firstOccurredOn === null ? '' : `${s.firstOccurredOn} to ${s.lastOccurredOn}`
      io.out(`${s.storyId}\t${s.developments} developments\t${span}\t${s.title ?? '(untitled)'}`)
    }
    if (available.length > 0) {
      io.out('')
      io.out('Bundled, not imported yet (storyledger import STORY):')
      for (const b of available) io.out(`${b.id}\t${b.title}`)
    }
    return 0
  })
}

/** The events of a story, given its id or its stream id; a usage error when the log has none. */
export async function readStory(store: EventStore, story: string) {
  const storyId = storyIdOf(story) ?? story
  if (!StoryId.safeParse(storyId).success) throw new UsageError(`"${story}" is not a story id`)
  const events = await store.readStream(streamIdOf(storyId))
  if (events.length === 0) {
    throw new CommandError(`the log has no story "${storyId}" (see storyledger stories)`)
  }
  return events
}
