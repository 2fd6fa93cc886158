import { canonicalJson } from './canonical-json.js'
import { sha256, toHex } from './sha256.js'

/** The fields of an event that its leaf hash covers directly; `data` and `metadata` enter through `payloadHash`. */
export interface LeafFields {
  readonly eventId: string
  readonly streamId: string
  readonly streamVersion: number
  readonly position: number
  readonly type: string
  readonly schemaVersion: number
  readonly occurredOn: string
  readonly reportedOn: string | null
  readonly recordedAt: string
  readonly payloadHash: Uint8Array
}

/** Bumped if the leaf's canonical form ever changes, so old and new leaves can never be confused. */
export const LEAF_FORMAT_VERSION = 1
// U+0000 is the single byte 0x00 in UTF-8, so this prefix and the canonical text hash as one string: the
// bytes are exactly 0x00 ‖ UTF-8(canonical), in one hash call.
const LEAF_PREFIX = '\u0000'
// In a `u` regex, \p{Cs} matches only a surrogate that is not half of a pair.
const LONE_SURROGATE = /\p{Cs}/u

/**
 * The salted payload hash: SHA-256(salt ‖ JCS({ data, metadata })). The leaf holds this instead of the payload,
 * so a payload can later be redacted (salt and payload dropped) without breaking any proof; the salt keeps a
 * redacted payload from being guessed back from its hash.
 */
export function payloadHashOf(salt: Uint8Array, data: unknown, metadata: unknown): Uint8Array {
  return payloadHashOfCanonical(salt, canonicalJson(data), canonicalJson(metadata))
}

/**
 * {@link payloadHashOf} from the canonical forms of `data` and `metadata`, for writers that keep those forms
 * anyway: JCS orders "data" before "metadata", so the object's canonical form is this concatenation.
 */
export function payloadHashOfCanonical(
  salt: Uint8Array,
  canonicalData: string,
  canonicalMetadata: string,
): Uint8Array {
  return sha256(salt, `{"data":${canonicalData},"metadata":${canonicalMetadata}}`)
}

/** The leaf's envelope as an object: its RFC 8785 form is what the leaf hash covers. */
export function leafEnvelopeOf(fields: LeafFields) {
  return {
    v: LEAF_FORMAT_VERSION,
    eventId: fields.eventId,
    streamId: fields.streamId,
    streamVersion: fields.streamVersion,
    position: fields.position,
    type: fields.type,
    schemaVersion: fields.schemaVersion,
    occurredOn: fields.occurredOn,
    reportedOn: fields.reportedOn,
    recordedAt: fields.recordedAt,
    payloadHash: toHex(fields.payloadHash),
  }
}

/**
 * The RFC 8785 canonical form of a leaf's envelope. The shape is fixed (strings, safe integers, one null), so
 * the keys are written in JCS order by hand, which makes it several times cheaper than a general canonicaliser;
 * a property test holds it equal to `canonicalJson(leafEnvelopeOf(fields))`.
 */
export function leafCanonicalOf(fields: LeafFields): string {
  if (
    !Number.isSafeInteger(fields.position) ||
    !Number.isSafeInteger(fields.schemaVersion) ||
    !Number.isSafeInteger(fields.streamVersion)
  ) {
    throw new RangeError('leaf fields must be safe integers')
  }
  if (
    LONE_SURROGATE.test(fields.eventId) ||
    LONE_SURROGATE.test(fields.occurredOn) ||
    LONE_SURROGATE.test(fields.recordedAt) ||
    (fields.reportedOn !== null && LONE_SURROGATE.test(fields.reportedOn)) ||
    LONE_SURROGATE.test(fields.streamId) ||
    LONE_SURROGATE.test(fields.type)
  ) {
    throw new TypeError('leaf fields must be well-formed Unicode')
  }
  const str = JSON.stringify
  return (
    `{"eventId":${str(fields.eventId)},"occurredOn":${str(fields.occurredOn)},` +
    `"payloadHash":"${toHex(fields.payloadHash)}","position":${fields.position},` +
    `"recordedAt":${str(fields.recordedAt)},"reportedOn":${fields.reportedOn === null ? 'null' : str(fields.reportedOn)},` +
    `"schemaVersion":${fields.schemaVersion},"streamId":${str(fields.streamId)},` +
    `"streamVersion":${fields.streamVersion},"type":${str(fields.type)},"v":${LEAF_FORMAT_VERSION}}`
  )
}

/** RFC 9162 leaf hash: SHA-256(0x00 ‖ canonical envelope). */
export function leafHashOf(fields: LeafFields): Uint8Array {
  return sha256(LEAF_PREFIX + leafCanonicalOf(fields))
}
