import {
  type EventType,
  eventCatalogue,
  type NewEventInput,
  type Source,
  type ValidationIssue,
} from '@storyledger/core'
import { z } from 'zod'

export type FieldKind =
  | 'text'
  | 'longtext'
  | 'number'
  | 'integer'
  | 'boolean'
  | 'select'
  | 'list'
  | 'json'
  | 'group'

/** One input of the form for an event type, derived from the catalogue's zod schema of its data. */
export interface FieldSpec {
  /** The form field's name, also the path of the value: `data.amount.currency`. */
  readonly name: string
  readonly label: string
  readonly kind: FieldKind
  readonly required: boolean
  readonly options?: readonly string[]
  readonly hint?: string
  /** The value is an entity id of the story (the form offers the story's entities). */
  readonly entity?: boolean
  readonly children?: readonly FieldSpec[]
}

const JsonSchema: z.ZodType<JsonSchema> = z.lazy(() =>
  z.looseObject({
    type: z.string().optional(),
    enum: z.array(z.unknown()).optional(),
    pattern: z.string().optional(),
    properties: z.record(z.string(), JsonSchema).optional(),
    required: z.array(z.string()).optional(),
    items: JsonSchema.optional(),
    anyOf: z.array(JsonSchema).optional(),
  }),
)
interface JsonSchema {
  type?: string | undefined
  enum?: unknown[] | undefined
  pattern?: string | undefined
  properties?: Record<string, JsonSchema> | undefined
  required?: string[] | undefined
  items?: JsonSchema | undefined
  anyOf?: JsonSchema[] | undefined
}

const ENTITY_PATTERN = '^[a-z0-9][a-z0-9._-]{0,99}$'
const LONG_TEXT = new Set(['description', 'summary', 'quote', 'condition', 'reason', 'terms', 'subject'])

const labels: Record<string, string> = {
  aboutIds: 'About',
  partyIds: 'Parties',
  targetIds: 'Targets',
  partnerIds: 'Partners',
}

function labelOf(key: string): string {
  const known = labels[key]
  if (known !== undefined) return known
  const plural = key.endsWith('Ids')
  const words = key
    .replace(/Ids?$/, plural ? 's' : '')
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .toLowerCase()
  return words.charAt(0).toUpperCase() + words.slice(1)
}

function fieldOf(key: string, name: string, schema: JsonSchema, required: boolean): FieldSpec {
  const label = labelOf(key)
  const base = { name, label, required }
  if (schema.type === 'object' && schema.properties) {
    const needed = new Set(schema.required ?? [])
    const children = Object.entries(schema.properties).map(([k, s]) =>
      fieldOf(k, `${name}.${k}`, s, needed.has(k)),
    )
    return { ...base, kind: 'group', children }
  }
  if (schema.type === 'string' && schema.enum) {
    return { ...base, kind: 'select', options: schema.enum.map(String) }
  }
  if (schema.type === 'string') {
    if (schema.pattern === ENTITY_PATTERN) {
      return { ...base, kind: 'text', entity: true, hint: 'An entity id of the story, e.g. oracle' }
    }
    if (schema.pattern?.startsWith('^[0-9a-f]{8}')) return { ...base, kind: 'text', hint: "An event's id" }
    if (schema.pattern?.startsWith('^\\d{4}')) return { ...base, kind: 'text', hint: 'YYYY-MM-DD' }
    return { ...base, kind: LONG_TEXT.has(key) ? 'longtext' : 'text' }
  }
  if (schema.anyOf?.every((s) => s.type === 'string')) {
    return { ...base, kind: 'text', hint: 'YYYY-MM-DD, YYYY-MM, YYYY or unknown' }
  }
  if (schema.type === 'integer') return { ...base, kind: 'integer' }
  if (schema.type === 'number') return { ...base, kind: 'number' }
  if (schema.type === 'boolean') return { ...base, kind: 'boolean' }
  if (schema.type === 'array' && schema.items?.type === 'string') {
    const entity = schema.items.pattern === ENTITY_PATTERN
    return {
      ...base,
      kind: 'list',
      hint: entity ? 'Entity ids, separated by commas' : 'Separated by commas',
      ...(entity ? { entity } : {}),
    }
  }
  return { ...base, kind: 'json', hint: 'JSON' }
}

const cache = new Map<EventType, readonly FieldSpec[]>()

/** The data fields of an event type's form, in the order the catalogue declares them. */
export function dataFieldsOf(type: EventType): readonly FieldSpec[] {
  let fields = cache.get(type)
  if (fields === undefined) {
    const schema = JsonSchema.parse(
      z.toJSONSchema(eventCatalogue[type].data, { io: 'input', unrepresentable: 'any' }),
    )
    const needed = new Set(schema.required ?? [])
    fields = Object.entries(schema.properties ?? {}).map(([key, s]) =>
      fieldOf(key, `data.${key}`, s, needed.has(key)),
    )
    cache.set(type, fields)
  }
  return fields
}

/** The fields of every form besides the event's data: when, and who reported it. */
export const envelopeFieldNames = [
  'occurredOn',
  'reportedOn',
  'source.outlet',
  'source.attribution',
  'source.title',
  'source.url',
  'source.publishedOn',
  'reason',
] as const

export type FormValues = Readonly<Record<string, string>>

/** Only the text fields of a parsed form body (files are not expected and are dropped). */
export function formValuesOf(body: Record<string, unknown>): Record<string, string> {
  const values: Record<string, string> = {}
  for (const [key, value] of Object.entries(body)) {
    if (typeof value === 'string') values[key] = value
  }
  return values
}

function readField(spec: FieldSpec, values: FormValues, issues: ValidationIssue[]): unknown {
  const raw = (values[spec.name] ?? '').trim()
  switch (spec.kind) {
    case 'group': {
      const group: Record<string, unknown> = {}
      for (const child of spec.children ?? []) {
        const value = readField(child, values, issues)
        if (value !== undefined) group[child.name.slice(spec.name.length + 1)] = value
      }
      return Object.keys(group).length > 0 ? group : undefined
    }
    case 'boolean':
      return raw === 'on' || raw === 'true' ? true : undefined
    case 'number':
    case 'integer':
      if (raw === '') return undefined
      // Not a number stays a string, so the schema reports it beside the field.
      return /^-?\d+(\.\d+)?(e-?\d+)?$/i.test(raw) ? Number(raw) : raw
    case 'list': {
      const items = raw
        .split(/[,\n]/)
        .map((item) => item.trim())
        .filter((item) => item !== '')
      return items.length > 0 ? items : undefined
    }
    case 'json':
      if (raw === '') return undefined
      try {
        return JSON.parse(raw)
      } catch {
        issues.push({ path: spec.name.split('.'), code: 'invalid_json', message: 'not valid JSON' })
        return undefined
      }
    default:
      return raw === '' ? undefined : raw
  }
}

/**
 * Turns a submitted form into the event a writer hands to `append`. Only what the form itself cannot read
 * (malformed JSON) is reported here; everything else is left to the catalogue's schemas.
 */
export function eventFromForm(
  type: EventType,
  values: FormValues,
  recordedBy: string,
): { event: NewEventInput; issues: ValidationIssue[] } {
  const issues: ValidationIssue[] = []
  const data: Record<string, unknown> = {}
  for (const spec of dataFieldsOf(type)) {
    const value = readField(spec, values, issues)
    if (value !== undefined) data[spec.name.slice('data.'.length)] = value
  }
  const text = (name: string) => {
    const value = (values[name] ?? '').trim()
    return value === '' ? undefined : value
  }
  const optional: Record<string, string> = {}
  for (const key of ['attribution', 'title', 'url', 'publishedOn'] as const) {
    const value = text(`source.${key}`)
    if (value !== undefined) optional[key] = value
  }
  const outlet = text('source.outlet')
  // A source with only some parts goes through as written (outlet ''), so the schema says what is missing.
  const sources: Source[] =
    outlet === undefined && Object.keys(optional).length === 0 ? [] : [{ outlet: outlet ?? '', ...optional }]
  const reason = text('reason')
  const reportedOn = text('reportedOn')
  const event: NewEventInput = {
    type,
    occurredOn: text('occurredOn') ?? '',
    ...(reportedOn === undefined ? {} : { reportedOn }),
    data,
    metadata: {
      recordedBy,
      ...(reason === undefined ? {} : { reason }),
      sources,
    },
  }
  return { event, issues }
}

/** The form field an issue of `append` belongs to (`[0, 'data', 'bidderId']` → `data.bidderId`), if any. */
export function fieldOfIssue(
  path: readonly (string | number)[],
  fieldNames: ReadonlySet<string>,
): string | undefined {
  const rest = typeof path[0] === 'number' ? path.slice(1) : path
  let name: string
  if (rest[0] === 'metadata' && rest[1] === 'sources') {
    name = rest.length <= 3 ? 'source.outlet' : `source.${String(rest[3])}`
  } else if (rest[0] === 'metadata') {
    name = String(rest[1] ?? '')
  } else {
    name = rest.map(String).join('.')
  }
  const parts = name.split('.')
  for (let length = parts.length; length > 0; length--) {
    const candidate = parts.slice(0, length).join('.')
    if (fieldNames.has(candidate)) return candidate
  }
  return undefined
}

/** Every field name of an event type's form, groups included. */
export function fieldNamesOf(type: EventType): Set<string> {
  const names = new Set<string>(envelopeFieldNames)
  const visit = (spec: FieldSpec) => {
    names.add(spec.name)
    for (const child of spec.children ?? []) visit(child)
  }
  for (const spec of dataFieldsOf(type)) visit(spec)
  return names
}

/** A schema's message in the words of a form: a value that was left out is "required". */
export function formMessage(issue: { message: string; code?: string }): string {
  if (/received undefined$/.test(issue.message)) return 'This is required.'
  return issue.message
}
