import { readFileSync } from 'node:fs'
import { validateNewEvents } from '@storyledger/core'
import { describe, expect, it } from 'vitest'
import { entity, header, interest, smallStory, source, storyFile } from './fixtures/story-lines.js'
import { parseStoryFile } from './parse-story-file.js'
import type { StoryFileError } from './story.js'
import { toNewEvents } from './to-new-events.js'

function errorsOf(text: string): StoryFileError[] {
  const parsed = parseStoryFile(text)
  if (parsed.ok) throw new Error('expected the file to be refused')
  return [...parsed.errors]
}

function theError(text: string): StoryFileError {
  const errors = errorsOf(text)
  expect(errors).toHaveLength(1)
  return errors[0]!
}

describe('parseStoryFile', () => {
  it('reads a valid story: header, entities and developments in file order, with defaults filled in', () => {
    const parsed = parseStoryFile(smallStory())
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors))
    const { story } = parsed
    expect(story.id).toBe('test-story')
    expect(story.recordedBy).toBe('a test')
    expect(story.opening.data).toEqual({
      title: 'A test story',
      subject: 'Who buys the widget maker',
      assetId: 'widgets',
    })
    expect(story.lines.map((l) => (l.kind === 'entity' ? `entity:${l.data.entityId}` : l.key))).toEqual([
      'entity:acme',
      'entity:widgets',
      'entity:gizmo',
      'entity:office',
      'gizmo-interest',
      'acme-bid',
      'review',
      'review-deadline',
      'review-extended',
      'bid-fix',
      'gizmo-retracted',
    ])
    const interestLine = story.lines[4]!
    expect(interestLine).toMatchObject({
      certainty: 'uncertain',
      note: 'only "this month"',
      occurredOn: '2021-02',
    })
    expect(story.lines[0]).toMatchObject({ occurredOn: 'unknown', certainty: 'confirmed', sources: [] })
  })

  it('skips blank lines and // comments but counts them in line numbers', () => {
    const text = storyFile(header(), '', '// the entities', entity('acme'), '   ', interest('x', 'nobody'))
    expect(theError(text)).toEqual({
      line: 6,
      field: 'data.partyId',
      message: '"nobody" is not introduced by an entity line above this one',
    })
  })

  it('accepts Windows line endings', () => {
    const text = storyFile(header(), entity('acme'), interest('a', 'acme')).replaceAll('\n', '\r\n')
    expect(parseStoryFile(text).ok).toBe(true)
  })

  it('produces events that the store validation accepts as they are', () => {
    const parsed = parseStoryFile(smallStory())
    if (!parsed.ok) throw new Error('expected a valid story')
    const { events } = toNewEvents(parsed.story)
    expect(validateNewEvents(events)).toHaveLength(events.length)
  })

  it('parses the complete example of FORMAT.md', () => {
    const format = readFileSync(new URL('../FORMAT.md', import.meta.url), 'utf8')
    const example = /```ndjson\n([\s\S]*?)```/.exec(format)?.[1]
    expect(example).toBeDefined()
    const parsed = parseStoryFile(example!)
    expect(parsed.ok ? parsed.story.lines.length : parsed.errors).toBe(14)
  })
})

describe('parseStoryFile errors name the line and the field', () => {
  it('an empty file', () => {
    expect(theError('\n\n')).toEqual({ line: 1, field: '(file)', message: expect.stringContaining('empty') })
  })

  it('a line that is not JSON', () => {
    const error = theError(storyFile(header(), '{"entity": "acme",'))
    expect(error).toMatchObject({ line: 2, field: '(line)' })
    expect(error.message).toMatch(/^not valid JSON/)
  })

  it('a line that is JSON but not an object', () => {
    expect(theError(storyFile(header(), '[1, 2]'))).toMatchObject({ line: 2, field: '(line)' })
  })

  it('a first line that is not a header', () => {
    expect(theError(storyFile(entity('acme')))).toMatchObject({ line: 1, field: 'format' })
  })

  it('a format version this storyledger does not read', () => {
    const error = theError(storyFile({ ...header(), version: 2 }))
    expect(error).toEqual({
      line: 1,
      field: 'version',
      message: 'this storyledger reads story files of version 1; got 2',
    })
  })

  it('a header without a title, and with an unknown field', () => {
    const text = storyFile({ ...header(), story: { id: 'x', subject: 's' }, colour: 'red' })
    expect(errorsOf(text).map((e) => [e.line, e.field])).toEqual([
      [1, 'story.title'],
      [1, 'colour'],
    ])
  })

  it('a story id that cannot name a stream', () => {
    expect(theError(storyFile(header({ id: 'My Story' })))).toMatchObject({ line: 1, field: 'story.id' })
  })

  it('an asset that no entity line introduces', () => {
    const error = theError(storyFile(header({ assetId: 'widgets' }), entity('acme')))
    expect(error).toMatchObject({ line: 1, field: 'story.assetId' })
  })

  it('a second header', () => {
    expect(theError(storyFile(header(), header()))).toMatchObject({ line: 2, field: 'format' })
  })

  it('a line that is neither an entity nor a development', () => {
    expect(theError(storyFile(header(), { name: 'Acme' }))).toMatchObject({ line: 2, field: '(line)' })
  })

  it('an entity of an unknown kind, and one introduced twice', () => {
    const text = storyFile(header(), entity('acme', 'planet'), entity('gizmo'), entity('gizmo'))
    expect(errorsOf(text).map((e) => [e.line, e.field])).toEqual([
      [2, 'kind'],
      [4, 'entity'],
    ])
  })

  it('an invalid entity line once, not again on every line that names it', () => {
    const text = storyFile(header(), entity('acme', 'planet'), interest('a', 'acme'), interest('b', 'acme'))
    expect(errorsOf(text).map((e) => [e.line, e.field])).toEqual([[2, 'kind']])
  })

  it('a development of an unknown type', () => {
    const error = theError(
      storyFile(header(), entity('acme'), { ...interest('a', 'acme'), type: 'BidMaade' }),
    )
    expect(error).toMatchObject({ line: 3, field: 'type' })
    expect(error.message).toContain('unknown event type "BidMaade"')
  })

  it('a classroom event, which belongs in a quiz stream, not in a story', () => {
    const error = theError(
      storyFile(header(), entity('acme'), { ...interest('a', 'acme'), type: 'AttemptGraded' }),
    )
    expect(error).toMatchObject({ line: 3, field: 'type' })
    expect(error.message).not.toContain('AttemptGraded,')
  })

  it('a development that tries to open the story or introduce an entity', () => {
    const text = storyFile(header(), { ...interest('a', 'acme'), type: 'EntityIntroduced' })
    expect(theError(text)).toMatchObject({ line: 2, field: 'type' })
  })

  it('a data field of the wrong type, and an unknown data field', () => {
    const text = storyFile(
      header(),
      entity('acme'),
      { ...interest('a', 'acme'), data: { partyId: 'acme', description: 42 } },
      { ...interest('b', 'acme'), data: { partyId: 'acme', price: 3 } },
    )
    expect(errorsOf(text).map((e) => [e.line, e.field])).toEqual([
      [3, 'data.description'],
      [4, 'data.price'],
    ])
  })

  it('a missing data field the catalogue requires', () => {
    const text = storyFile(header(), entity('acme'), {
      key: 'p',
      type: 'PartnerSelected',
      occurredOn: '2021-01-01',
      data: { partnerId: 'acme', selectedById: 'acme' },
      sources: [source],
    })
    expect(theError(text)).toMatchObject({ line: 3, field: 'data.role' })
  })

  it('a date that is not on the calendar, and one of the wrong shape', () => {
    const text = storyFile(
      header(),
      entity('acme'),
      interest('a', 'acme', { occurredOn: '2021-02-30' }),
      interest('b', 'acme', { reportedOn: 'March 2021' }),
    )
    expect(errorsOf(text).map((e) => [e.line, e.field])).toEqual([
      [3, 'occurredOn'],
      [4, 'reportedOn'],
    ])
  })

  it('a development without a source, and a source with a bad url', () => {
    const text = storyFile(
      header(),
      entity('acme'),
      interest('a', 'acme', { sources: [] }),
      interest('b', 'acme', { sources: [{ outlet: 'X', url: 'ftp://example.org/x' }] }),
    )
    const errors = errorsOf(text)
    expect(errors.map((e) => [e.line, e.field])).toEqual([
      [3, 'sources'],
      [4, 'sources.0.url'],
    ])
    expect(errors[0]!.message).toContain('must cite at least one source')
  })

  it('a key used twice', () => {
    const text = storyFile(header(), entity('acme'), interest('a', 'acme'), interest('a', 'acme'))
    expect(theError(text)).toMatchObject({ line: 4, field: 'key' })
  })

  it('an unknown certainty, and a note that would read as a certainty tag', () => {
    const text = storyFile(
      header(),
      entity('acme'),
      interest('a', 'acme', { certainty: 'likely' }),
      interest('b', 'acme', { note: '[certainty: disputed] nope' }),
    )
    expect(errorsOf(text).map((e) => [e.line, e.field])).toEqual([
      [3, 'certainty'],
      [4, 'note'],
    ])
  })

  it('a correction of a key that no earlier development has', () => {
    const text = storyFile(header(), entity('acme'), interest('a', 'acme'), {
      key: 'fix',
      type: 'DevelopmentCorrected',
      occurredOn: 'unknown',
      data: { corrects: 'b', corrected: { occurredOn: '2021' }, reason: 'wrong date' },
    })
    expect(theError(text)).toEqual({
      line: 4,
      field: 'data.corrects',
      message: 'no earlier development has the key "b"',
    })
  })

  it('a correction written with an event id instead of a key', () => {
    const text = storyFile(header(), {
      key: 'fix',
      type: 'DevelopmentRetracted',
      occurredOn: 'unknown',
      data: { retractsEventId: '01748a00-0000-7000-8000-000000000001', reason: 'wrong' },
    })
    expect(theError(text)).toMatchObject({ line: 2, field: 'data.retractsEventId' })
  })

  it('a correction that does not fit the development it corrects', () => {
    const text = storyFile(header(), entity('acme'), interest('a', 'acme'), {
      key: 'fix',
      type: 'DevelopmentCorrected',
      occurredOn: 'unknown',
      data: { corrects: 'a', corrected: { data: { partyId: 'Not An Id' } }, reason: 'wrong party' },
    })
    const error = theError(text)
    expect(error).toMatchObject({ line: 4, field: 'data.corrected.data.partyId' })
    expect(error.message).toContain('the correction does not fit "a"')
  })

  it('a retraction of a retraction', () => {
    const retract = (key: string, target: string) => ({
      key,
      type: 'DevelopmentRetracted',
      occurredOn: 'unknown',
      data: { retracts: target, reason: 'wrong' },
    })
    const text = storyFile(
      header(),
      entity('acme'),
      interest('a', 'acme'),
      retract('r1', 'a'),
      retract('r2', 'r1'),
    )
    expect(theError(text)).toMatchObject({ line: 5, field: 'data.retracts' })
  })

  it('an actor introduced only below the development', () => {
    const text = storyFile(header(), interest('a', 'acme'), entity('acme'))
    expect(theError(text)).toMatchObject({ line: 2, field: 'data.partyId' })
  })

  it('an actor deep in the data, named by its path', () => {
    const text = storyFile(header(), entity('acme'), {
      key: 'deal',
      type: 'DealAnnounced',
      occurredOn: '2021',
      data: { partyIds: ['acme'], description: 'a deal', stakes: [{ holderId: 'ghost', percent: 10 }] },
      sources: [source],
    })
    expect(theError(text)).toMatchObject({ line: 3, field: 'data.stakes.0.holderId' })
  })

  it('an extension of a deadline that was never set, and a deadline set twice', () => {
    const deadline = (key: string) => ({
      key,
      type: 'DeadlineSet',
      occurredOn: '2021-01-01',
      data: { deadlineId: 'd', setById: 'acme', description: 'due', durationDays: 10 },
      sources: [source],
    })
    const text = storyFile(
      header(),
      entity('acme'),
      {
        key: 'ext',
        type: 'DeadlineExtended',
        occurredOn: '2021-01-05',
        data: { deadlineId: 'd', extendedById: 'acme', byDays: 5 },
        sources: [source],
      },
      deadline('d1'),
      deadline('d2'),
    )
    expect(errorsOf(text).map((e) => [e.line, e.field])).toEqual([
      [3, 'data.deadlineId'],
      [5, 'data.deadlineId'],
    ])
  })

  it('reports every broken line of a file at once, in line order', () => {
    const text = storyFile(
      header(),
      entity('acme'),
      interest('a', 'ghost'),
      'not json',
      interest('b', 'acme', { occurredOn: 'yesterday' }),
    )
    expect(errorsOf(text).map((e) => e.line)).toEqual([3, 4, 5])
  })
})
