import type { ValidationIssue } from './errors.js'
import type { EventData, StoryEvent } from './event-catalogue.js'
import { eventCatalogue } from './event-catalogue.js'
import type { OccurredOn } from './story-date.js'
import { parseEventPayload } from './upcasters.js'

export interface CorrectableEvent {
  readonly event: StoryEvent
  readonly occurredOn: OccurredOn
}

export type CorrectionOutcome =
  | { ok: true; event: StoryEvent; occurredOn: OccurredOn }
  | { ok: false; issues: ValidationIssue[] }

/**
 * Applies a correction's fields to the event it corrects: each field of `corrected.data` replaces the field of
 * that name (`null` removes an optional one), and `corrected.occurredOn` replaces the date. The result must still
 * be a valid event of the same type.
 */
export function applyCorrection(
  target: CorrectableEvent,
  corrected: EventData<'DevelopmentCorrected'>['corrected'],
): CorrectionOutcome {
  // A Map, then fromEntries: a "__proto__" key stays an ordinary (and rejected) field instead of a prototype.
  const fields = new Map<string, unknown>(Object.entries(target.event.data))
  for (const [field, value] of Object.entries(corrected.data ?? {})) {
    if (value === null) fields.delete(field)
    else fields.set(field, value)
  }
  const data = Object.fromEntries(fields)
  const parsed = parseEventPayload(target.event.type, eventCatalogue[target.event.type].schemaVersion, data)
  if (!parsed.ok) {
    return { ok: false, issues: parsed.issues.map((i) => ({ ...i, path: ['corrected', ...i.path] })) }
  }
  return { ok: true, event: parsed.event, occurredOn: corrected.occurredOn ?? target.occurredOn }
}
