import { z } from 'zod'
import { issuesFrom, type ValidationIssue } from './errors.js'
import {
  BidMadeDataV1,
  type EventType,
  eventCatalogue,
  isEventType,
  type StoryEvent,
} from './event-catalogue.js'

/** Maps an event's data from one schema version to the next. It may throw a ZodError on data it cannot read. */
export type Upcaster = (data: unknown) => unknown

/** `registry[type][v]` turns data written at schema version `v` into data of version `v + 1`. */
export type UpcasterRegistry = { readonly [T in EventType]?: Readonly<Record<number, Upcaster>> }

/** The upcasters of the catalogue as shipped. Stored events are never rewritten: they are upcast on every read. */
export const upcasters: UpcasterRegistry = {
  BidMade: {
    1: (data) => {
      const { amountUsd, ...rest } = BidMadeDataV1.parse(data)
      return amountUsd === undefined ? rest : { ...rest, amount: { amount: amountUsd, currency: 'USD' } }
    },
  },
}

export type ParsedPayload = { ok: true; event: StoryEvent } | { ok: false; issues: ValidationIssue[] }

/**
 * Reads `data` written as `type` at `schemaVersion` into the current shape of the catalogue: unknown types,
 * versions from the future, and data that does not fit are reported as issues, never thrown.
 */
export function parseEventPayload(
  type: string,
  schemaVersion: number,
  data: unknown,
  registry: UpcasterRegistry = upcasters,
): ParsedPayload {
  if (!isEventType(type)) {
    return fail(
      ['type'],
      'invalid_value',
      `unknown event type "${type}"; known types: ${Object.keys(eventCatalogue).join(', ')}`,
    )
  }
  const entry = eventCatalogue[type]
  if (!Number.isInteger(schemaVersion) || schemaVersion < 1 || schemaVersion > entry.schemaVersion) {
    return fail(
      ['schemaVersion'],
      'invalid_value',
      `${type} has schema versions 1 to ${entry.schemaVersion}; got ${schemaVersion}`,
    )
  }
  let current = data
  try {
    for (let version = schemaVersion; version < entry.schemaVersion; version++) {
      const upcast = registry[type]?.[version]
      if (!upcast)
        return fail(['schemaVersion'], 'custom', `no upcaster for ${type} from schema version ${version}`)
      current = upcast(current)
    }
  } catch (error) {
    if (error instanceof z.ZodError) return { ok: false, issues: issuesFrom(error, ['data']) }
    throw error
  }
  const parsed = entry.data.safeParse(current)
  if (!parsed.success) return { ok: false, issues: issuesFrom(parsed.error, ['data']) }
  return { ok: true, event: { type, data: parsed.data } as StoryEvent }
}

function fail(path: (string | number)[], code: string, message: string): ParsedPayload {
  return { ok: false, issues: [{ path, code, message }] }
}
