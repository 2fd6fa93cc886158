import {
  actorsOf,
  applyCorrection,
  EntityId,
  EventId,
  EventValidationError,
  eventCatalogue,
  isClassroomEventType,
  isEventType,
  OccurredOn,
  Source,
  StoryDate,
  type StoryEvent,
  storyEventTypes,
  Text,
  type ValidationIssue,
  validateNewEvents,
} from '@storyledger/core'
import { z } from 'zod'
import { Certainty, looksLikeCertaintyTag, reasonOf } from './certainty.js'
import { fileFieldOf, mapReferences, referenceFields } from './references.js'
import type {
  DevelopmentType,
  ParseStoryResult,
  Story,
  StoryFileError,
  StoryLine,
  StoryLineEnvelope,
} from './story.js'
import { DevelopmentKey, StoryId, storyEventId } from './story-id.js'

/** The format name and version a story file's header declares. */
export const STORY_FILE_FORMAT = 'storyledger-story'
export const STORY_FILE_VERSION = 1
/** Who recorded a story whose header names no one. */
export const DEFAULT_RECORDED_BY = 'storyledger story file'

const Note = Text.refine((note) => !looksLikeCertaintyTag(note), {
  message: 'must not start with "[certainty:"; write the certainty in the "certainty" field',
})

const envelopeFields = {
  reportedOn: StoryDate.optional(),
  sources: z.array(Source).max(100).optional(),
  certainty: Certainty.optional(),
  note: Note.optional(),
  recordedBy: Text.optional(),
  eventId: EventId.optional(),
}

const HeaderLine = z.strictObject({
  format: z.literal(STORY_FILE_FORMAT, { error: `expected "${STORY_FILE_FORMAT}"` }),
  version: z.literal(STORY_FILE_VERSION, {
    error: (issue) =>
      `this storyledger reads story files of version ${STORY_FILE_VERSION}; got ${JSON.stringify(issue.input)}`,
  }),
  story: eventCatalogue.StoryOpened.data.extend({ id: StoryId }),
  occurredOn: OccurredOn.optional(),
  ...envelopeFields,
})

const EntityLine = eventCatalogue.EntityIntroduced.data
  .omit({ entityId: true })
  .extend({ entity: EntityId, occurredOn: OccurredOn.optional(), ...envelopeFields })

const DevelopmentLine = z.strictObject({
  key: DevelopmentKey,
  type: z.string().min(1).max(100),
  occurredOn: OccurredOn,
  data: z.record(z.string(), z.unknown()),
  ...envelopeFields,
})

/** A development already read, as later lines may refer to it. */
interface KnownDevelopment {
  readonly eventId: string
  readonly event: StoryEvent
  readonly occurredOn: OccurredOn
}

/**
 * Parses and validates a story file (see FORMAT.md): every line is checked, and every problem is reported
 * with its line and field, so a teacher can fix a file in one pass. A development is validated exactly as the
 * store would validate it, and more: references must point at earlier lines, actors must be introduced as
 * entities first, extensions must name a deadline set earlier.
 *
 * @example
 * const parsed = parseStoryFile(await readFile('my-story.ndjson', 'utf8'))
 * if (!parsed.ok) for (const e of parsed.errors) console.error(`line ${e.line}, ${e.field}: ${e.message}`)
 */
export function parseStoryFile(text: string): ParseStoryResult {
  const errors: StoryFileError[] = []
  const report = (line: number, field: string, message: string) => errors.push({ line, field, message })

  let header: { line: number; value: z.infer<typeof HeaderLine> } | undefined
  let sawHeaderLine = false
  const entities = new Set<string>()
  const developments = new Map<string, KnownDevelopment>()
  const deadlines = new Set<string>()
  const pinnedIds = new Map<string, number>()
  const lines: StoryLine[] = []

  const physical = text.split(/\r?\n/)
  for (let index = 0; index < physical.length; index++) {
    const lineNumber = index + 1
    const raw = (physical[index] ?? '').trim()
    if (raw === '' || raw.startsWith('//')) continue
    let json: unknown
    try {
      json = JSON.parse(raw)
    } catch (error) {
      report(
        lineNumber,
        '(line)',
        `not valid JSON: ${error instanceof Error ? error.message : String(error)}`,
      )
      if (!sawHeaderLine) sawHeaderLine = true
      continue
    }
    if (typeof json !== 'object' || json === null || Array.isArray(json)) {
      report(lineNumber, '(line)', 'expected a JSON object on the line')
      sawHeaderLine = true
      continue
    }

    if (!sawHeaderLine) {
      sawHeaderLine = true
      if (!('format' in json)) {
        report(
          lineNumber,
          'format',
          `the first line must be the header: {"format":"${STORY_FILE_FORMAT}","version":${STORY_FILE_VERSION},"story":{…}}`,
        )
        continue
      }
      const parsed = HeaderLine.safeParse(json)
      if (!parsed.success) {
        for (const issue of zodIssues(parsed.error)) report(lineNumber, issue.field, issue.message)
        continue
      }
      header = { line: lineNumber, value: parsed.data }
      if (parsed.data.eventId !== undefined) pinnedIds.set(parsed.data.eventId, lineNumber)
      continue
    }

    if ('format' in json) {
      report(lineNumber, 'format', 'a story file has one header, on its first line')
      continue
    }
    const storyId = header?.value.story.id ?? 'unnamed'
    if ('entity' in json) {
      const parsed = EntityLine.safeParse(json)
      if (!parsed.success) {
        for (const issue of zodIssues(parsed.error)) report(lineNumber, issue.field, issue.message)
        // Count it as introduced all the same, so the lines that name it do not each report it missing.
        const id = EntityId.safeParse(json.entity)
        if (id.success) entities.add(id.data)
        continue
      }
      const { entity, name, kind, aliases, description, occurredOn, ...envelope } = parsed.data
      if (entities.has(entity)) {
        report(lineNumber, 'entity', `the entity "${entity}" is introduced twice`)
        continue
      }
      if (!checkPinnedId(envelope.eventId, lineNumber)) continue
      entities.add(entity)
      lines.push({
        kind: 'entity',
        data: withoutUndefined({ entityId: entity, name, kind, aliases, description }),
        ...envelopeOf({ ...envelope, occurredOn: occurredOn ?? 'unknown' }),
      } as StoryLine)
      continue
    }
    if (!('key' in json)) {
      report(lineNumber, '(line)', 'expected an entity (a line with "entity") or a development (with "key")')
      continue
    }

    const parsed = DevelopmentLine.safeParse(json)
    if (!parsed.success) {
      for (const issue of zodIssues(parsed.error)) report(lineNumber, issue.field, issue.message)
      continue
    }
    const line = parsed.data
    if (developments.has(line.key)) {
      report(lineNumber, 'key', `the key "${line.key}" is already used by an earlier development`)
      continue
    }
    if (line.type === 'StoryOpened' || line.type === 'EntityIntroduced') {
      report(
        lineNumber,
        'type',
        line.type === 'StoryOpened'
          ? 'the story is opened by the header line, not by a development'
          : 'introduce entities with an entity line: {"entity":"oracle","name":"Oracle","kind":"company"}',
      )
      continue
    }
    if (!isDevelopmentType(line.type)) {
      report(
        lineNumber,
        'type',
        `unknown event type "${line.type}"; known types: ${developmentTypes().join(', ')}`,
      )
      continue
    }
    const type = line.type

    let referencesOk = true
    for (const [fileField, idField] of referenceFields[type] ?? []) {
      if (Object.hasOwn(line.data, idField)) {
        report(lineNumber, `data.${idField}`, `write "${fileField}" with the key of an earlier development`)
        referencesOk = false
      }
    }
    const resolved = mapReferences(type, line.data, 'toLog', (key) => developments.get(key)?.eventId)
    for (const { field, value } of resolved.missing) {
      report(lineNumber, `data.${field}`, `no earlier development has the key ${JSON.stringify(value)}`)
      referencesOk = false
    }
    if (!referencesOk) continue

    const eventId = line.eventId ?? storyEventId(storyId, line.key)
    const metadataReason = reasonOf(line.certainty ?? 'confirmed', line.note)
    let validated: StoryEvent
    try {
      const [event] = validateNewEvents([
        {
          eventId,
          type,
          data: resolved.data,
          occurredOn: line.occurredOn,
          ...(line.reportedOn === undefined ? {} : { reportedOn: line.reportedOn }),
          metadata: {
            recordedBy: line.recordedBy ?? header?.value.recordedBy ?? DEFAULT_RECORDED_BY,
            ...(metadataReason === undefined ? {} : { reason: metadataReason }),
            correlationId: line.key,
            sources: line.sources ?? [],
          },
        },
      ])
      validated = event!.current
    } catch (error) {
      if (!(error instanceof EventValidationError)) throw error
      for (const issue of error.issues) {
        const field = fieldOfIssue(type, issue)
        report(lineNumber, field, issue.message)
      }
      continue
    }

    const semantic = checkDevelopment(validated, line.data)
    for (const issue of semantic) report(lineNumber, issue.field, issue.message)
    if (semantic.length > 0 || !checkPinnedId(line.eventId, lineNumber)) continue

    developments.set(line.key, { eventId, event: validated, occurredOn: line.occurredOn })
    if (validated.type === 'DeadlineSet') deadlines.add(validated.data.deadlineId)
    const { key, occurredOn, data, type: _type, ...envelope } = line
    lines.push({
      kind: 'development',
      key,
      type,
      data,
      ...envelopeOf({ ...envelope, occurredOn }),
    } as StoryLine)
  }

  if (!sawHeaderLine) {
    report(1, '(file)', 'the file is empty: it needs at least a header line')
  }
  const assetId = header?.value.story.assetId
  if (header && assetId !== undefined && !entities.has(assetId)) {
    report(header.line, 'story.assetId', `"${assetId}" is not introduced by an entity line of this file`)
  }
  if (errors.length > 0 || header === undefined) {
    return { ok: false, errors: errors.sort((a, b) => a.line - b.line) }
  }

  const { format: _format, version: _version, story, occurredOn, recordedBy, ...envelope } = header.value
  const { id, ...openingData } = story
  const result: Story = {
    id,
    recordedBy: recordedBy ?? DEFAULT_RECORDED_BY,
    opening: {
      data: withoutUndefined(openingData) as Story['opening']['data'],
      ...envelopeOf({ ...envelope, occurredOn: occurredOn ?? 'unknown' }),
    },
    lines,
  }
  return { ok: true, story: result }

  function checkPinnedId(eventId: string | undefined, lineNumber: number): boolean {
    if (eventId === undefined) return true
    const earlier = pinnedIds.get(eventId)
    if (earlier !== undefined && earlier !== lineNumber) {
      report(lineNumber, 'eventId', `the event id is already pinned by line ${earlier}`)
      return false
    }
    pinnedIds.set(eventId, lineNumber)
    return true
  }

  /** The checks that need the rest of the file: references, actors, deadlines. */
  function checkDevelopment(
    event: StoryEvent,
    fileData: Readonly<Record<string, unknown>>,
  ): { field: string; message: string }[] {
    const issues: { field: string; message: string }[] = []
    for (const actor of actorsOf(event)) {
      if (!entities.has(actor)) {
        issues.push({
          field: `data.${pathOfValue(fileData, actor) ?? '(actors)'}`,
          message: `"${actor}" is not introduced by an entity line above this one`,
        })
      }
    }
    if (event.type === 'DevelopmentCorrected' || event.type === 'DevelopmentRetracted') {
      const [fileField] = (referenceFields[event.type] ?? [])[0] ?? ['corrects']
      const key = String(fileData[fileField])
      const target = developments.get(key)
      if (target?.event.type === 'DevelopmentCorrected' || target?.event.type === 'DevelopmentRetracted') {
        issues.push({
          field: `data.${fileField}`,
          message: `"${key}" is a ${target.event.type}; point at the development itself`,
        })
      } else if (target && event.type === 'DevelopmentCorrected') {
        const outcome = applyCorrection(
          { event: target.event, occurredOn: target.occurredOn },
          event.data.corrected,
        )
        if (!outcome.ok) {
          for (const issue of outcome.issues) {
            issues.push({
              field: `data.${issue.path.join('.')}`,
              message: `the correction does not fit "${key}": ${issue.message}`,
            })
          }
        }
      }
    }
    if (event.type === 'DeadlineExtended' && !deadlines.has(event.data.deadlineId)) {
      issues.push({
        field: 'data.deadlineId',
        message: `no DeadlineSet above this line has the deadlineId "${event.data.deadlineId}"`,
      })
    }
    if (event.type === 'DeadlineSet' && deadlines.has(event.data.deadlineId)) {
      issues.push({
        field: 'data.deadlineId',
        message: `the deadline "${event.data.deadlineId}" is already set above; extend it with DeadlineExtended`,
      })
    }
    return issues
  }
}

// The classroom's events (quizzes, attempts) live in quiz streams, never in a story file.
function isDevelopmentType(type: string): type is DevelopmentType {
  return (
    isEventType(type) && type !== 'StoryOpened' && type !== 'EntityIntroduced' && !isClassroomEventType(type)
  )
}

function developmentTypes(): string[] {
  return storyEventTypes.filter((t) => t !== 'StoryOpened' && t !== 'EntityIntroduced')
}

/** A validation issue of the store's checks, named as the file names it. */
function fieldOfIssue(type: string, issue: ValidationIssue): string {
  const [, section, ...rest] = issue.path
  if (section === 'metadata') {
    const [field, ...tail] = rest
    const name = field === 'reason' ? 'note' : String(field ?? '(line)')
    return [name, ...tail].join('.')
  }
  if (section === 'data') {
    const [field, ...tail] = rest
    const named = field === undefined ? [] : [fileFieldOf(type, String(field)), ...tail]
    const keys = unrecognizedKeysOf(issue)
    return ['data', ...named, ...(keys.length > 0 ? [keys.join(',')] : [])].join('.')
  }
  return section === undefined ? '(line)' : [section, ...rest].join('.')
}

function unrecognizedKeysOf(issue: ValidationIssue): string[] {
  if (issue.code !== 'unrecognized_keys') return []
  return [...issue.message.matchAll(/"([^"]*)"/g)].map((m) => m[1] ?? '')
}

function zodIssues(error: z.ZodError): { field: string; message: string }[] {
  return error.issues.flatMap((issue) => {
    const path = issue.path.map(String)
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({ field: [...path, key].join('.'), message: 'unknown field' }))
    }
    return [{ field: path.length === 0 ? '(line)' : path.join('.'), message: issue.message }]
  })
}

/** The dotted path of the first place `value` appears as a string in `data`. */
function pathOfValue(data: unknown, value: string): string | undefined {
  if (data === value) return ''
  if (typeof data !== 'object' || data === null) return undefined
  for (const [field, child] of Object.entries(data)) {
    const tail = pathOfValue(child, value)
    if (tail !== undefined) return tail === '' ? field : `${field}.${tail}`
  }
  return undefined
}

function envelopeOf(fields: {
  occurredOn: OccurredOn
  reportedOn?: string | undefined
  sources?: Source[] | undefined
  certainty?: Certainty | undefined
  note?: string | undefined
  recordedBy?: string | undefined
  eventId?: string | undefined
}): StoryLineEnvelope {
  return withoutUndefined({
    occurredOn: fields.occurredOn,
    reportedOn: fields.reportedOn,
    sources: fields.sources ?? [],
    certainty: fields.certainty ?? 'confirmed',
    note: fields.note,
    recordedBy: fields.recordedBy,
    eventId: fields.eventId,
  }) as StoryLineEnvelope
}

function withoutUndefined<T extends Record<string, unknown>>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T
}
