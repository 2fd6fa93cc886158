import type { EventType } from '@storyledger/core'

/**
 * The data fields that hold event ids in the log, and the names under which a story file holds the key of
 * the development instead: `{ "corrects": "oracle-partner" }` is `{ correctsEventId: "0192…" }` in the log.
 */
export const referenceFields: { readonly [T in EventType]?: readonly (readonly [string, string])[] } = {
  DevelopmentCorrected: [['corrects', 'correctsEventId']],
  DevelopmentRetracted: [['retracts', 'retractsEventId']],
  DeadlineSet: [['basis', 'basisEventId']],
}

/** The file's name of a data field that holds an event id in the log, if it is one. */
export function fileFieldOf(type: string, field: string): string {
  const pair = (referenceFields[type as EventType] ?? []).find(([, idField]) => idField === field)
  return pair ? pair[0] : field
}

/**
 * Replaces keys by event ids (file → log) or event ids by keys (log → file) in the reference fields of `data`,
 * keeping the order of the other fields. `lookUp` answers undefined for a key or id it does not know.
 */
export function mapReferences(
  type: string,
  data: Readonly<Record<string, unknown>>,
  direction: 'toLog' | 'toFile',
  lookUp: (value: string, field: string) => string | undefined,
): { data: Record<string, unknown>; missing: { field: string; value: unknown }[] } {
  const pairs = referenceFields[type as EventType] ?? []
  const missing: { field: string; value: unknown }[] = []
  // A Map, then fromEntries: a "__proto__" key stays an ordinary (and rejected) field.
  const fields = new Map<string, unknown>()
  for (const [field, value] of Object.entries(data)) {
    const pair = pairs.find(([fileField, idField]) => (direction === 'toLog' ? fileField : idField) === field)
    if (!pair) {
      fields.set(field, value)
      continue
    }
    const target = direction === 'toLog' ? pair[1] : pair[0]
    const mapped = typeof value === 'string' ? lookUp(value, field) : undefined
    if (mapped === undefined) missing.push({ field, value })
    fields.set(target, mapped ?? value)
  }
  return { data: Object.fromEntries(fields), missing }
}
