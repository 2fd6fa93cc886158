import { EntityKind, type StoredEvent } from '@storyledger/core'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { exportStory, StoryNotExportableError } from './export-story.js'
import { storyFile } from './fixtures/story-lines.js'
import { parseStoryFile } from './parse-story-file.js'
import type { Story } from './story.js'
import { toNewEvents } from './to-new-events.js'

/** The events of a story as a store would return them (envelope fields made up; export reads none of them). */
function asStored(story: Story): StoredEvent[] {
  const { streamId, events } = toNewEvents(story)
  return events.map(
    (event, index) =>
      ({
        ...event,
        streamId,
        streamVersion: index + 1,
        position: index + 1,
        schemaVersion: 1,
        recordedAt: '2026-01-01T00:00:00.000Z',
        leafHash: '00',
      }) as StoredEvent,
  )
}

function parse(text: string): Story {
  const parsed = parseStoryFile(text)
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors))
  return parsed.story
}

const slug = fc.stringMatching(/^[a-z0-9][a-z0-9-]{0,12}$/)
const text = fc.string({ unit: 'grapheme', minLength: 1, maxLength: 40 }).filter((s) => /\S/.test(s))
const note = text.filter((s) => !s.startsWith('[certainty:'))
const day = fc.date({ min: new Date('1990-01-01'), max: new Date('2030-12-31'), noInvalidDate: true })
const storyDate = fc.oneof(
  day.map((d) => d.toISOString().slice(0, 10)),
  day.map((d) => d.toISOString().slice(0, 7)),
  day.map((d) => d.toISOString().slice(0, 4)),
)
const occurredOn = fc.oneof(storyDate, fc.constant('unknown'))
const source = fc.record(
  {
    outlet: text,
    url: slug.map((s) => `https://example.org/${s}`),
    publishedOn: storyDate,
    attribution: text,
  },
  { requiredKeys: ['outlet'] },
)
const envelope = fc.record(
  {
    occurredOn,
    reportedOn: storyDate,
    sources: fc.array(source, { minLength: 1, maxLength: 2 }),
    certainty: fc.constantFrom('confirmed', 'uncertain', 'date_uncertain', 'disputed'),
    note,
    recordedBy: text,
  },
  { requiredKeys: ['occurredOn', 'sources'] },
)

/** A valid story file: entities, then interests and statements about them, some corrected or retracted. */
const storyFileText = fc
  .record({
    id: slug,
    title: text,
    subject: text,
    entities: fc.uniqueArray(
      fc.record({ id: slug, kind: fc.constantFrom(...EntityKind.options), name: text }),
      {
        minLength: 1,
        maxLength: 4,
        selector: (e) => e.id,
      },
    ),
    developments: fc.array(fc.record({ statement: fc.boolean(), actor: fc.nat(), words: text, envelope }), {
      minLength: 1,
      maxLength: 6,
    }),
    afterwards: fc.array(
      fc.record({ retract: fc.boolean(), target: fc.nat(), date: occurredOn, reason: text }),
      { maxLength: 3 },
    ),
  })
  .map(({ id, title, subject, entities, developments, afterwards }) => {
    const lines: Record<string, unknown>[] = [
      { format: 'storyledger-story', version: 1, story: { id, title, subject } },
      ...entities.map((e) => ({ entity: e.id, name: e.name, kind: e.kind })),
    ]
    developments.forEach((d, i) => {
      const actor = entities[d.actor % entities.length]!.id
      lines.push({
        key: `d${i}`,
        type: d.statement ? 'StatementMade' : 'InterestExpressed',
        data: d.statement
          ? { speakerId: actor, quote: d.words, channel: 'interview' }
          : { partyId: actor, description: d.words },
        ...d.envelope,
      })
    })
    afterwards.forEach((a, i) => {
      const target = `d${a.target % developments.length}`
      lines.push(
        a.retract
          ? {
              key: `r${i}`,
              type: 'DevelopmentRetracted',
              occurredOn: a.date,
              data: { retracts: target, reason: a.reason },
            }
          : {
              key: `c${i}`,
              type: 'DevelopmentCorrected',
              occurredOn: a.date,
              data: { corrects: target, corrected: { occurredOn: a.date }, reason: a.reason },
            },
      )
    })
    return storyFile(...lines)
  })

describe('exportStory', () => {
  it('writes back the story its events came from, for any valid story file', () => {
    fc.assert(
      fc.property(storyFileText, (file) => {
        const story = parse(file)
        expect(parse(exportStory(asStored(story)))).toEqual(story)
      }),
      { numRuns: 200 },
    )
  })

  it('refuses events that are not one story opened once', () => {
    const story = parse(
      storyFile({ format: 'storyledger-story', version: 1, story: { id: 's', title: 't', subject: 's' } }),
    )
    const [opening] = asStored(story)
    expect(() => exportStory([])).toThrow(StoryNotExportableError)
    expect(() => exportStory([opening!, opening!])).toThrow(/opened twice/)
    expect(() => exportStory([{ ...opening!, streamId: 'quiz/1' }])).toThrow(/not a story stream/)
  })
})
