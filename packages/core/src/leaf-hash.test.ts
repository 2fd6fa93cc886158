import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { canonicalJson } from './canonical-json.js'
import {
  type LeafFields,
  leafCanonicalOf,
  leafEnvelopeOf,
  leafHashOf,
  payloadHashOf,
  payloadHashOfCanonical,
} from './leaf-hash.js'
import { sha256, toHex } from './sha256.js'

const leafFields: fc.Arbitrary<LeafFields> = fc.record({
  eventId: fc.uuid({ version: 7 }),
  streamId: fc.string({ unit: 'grapheme', minLength: 1 }),
  streamVersion: fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER }),
  position: fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER }),
  type: fc.string({ unit: 'grapheme', minLength: 1 }),
  schemaVersion: fc.integer({ min: 1, max: 1000 }),
  occurredOn: fc.string({ unit: 'grapheme' }),
  reportedOn: fc.option(fc.string({ unit: 'grapheme' }), { nil: null }),
  recordedAt: fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
  payloadHash: fc.uint8Array({ minLength: 32, maxLength: 32 }),
})

describe('leaf hashes', () => {
  it('writes the leaf envelope exactly as the general RFC 8785 canonicaliser would', () => {
    fc.assert(
      fc.property(leafFields, (fields) => {
        expect(leafCanonicalOf(fields)).toBe(canonicalJson(leafEnvelopeOf(fields)))
      }),
      { numRuns: 500 },
    )
  })

  it('hashes the leaf as SHA-256 of 0x00 and its canonical form', () => {
    fc.assert(
      fc.property(leafFields, (fields) => {
        const expected = sha256(new Uint8Array([0]), canonicalJson(leafEnvelopeOf(fields)))
        expect(toHex(leafHashOf(fields))).toBe(toHex(expected))
      }),
    )
  })

  it('changes the leaf hash when any field changes', () => {
    fc.assert(
      fc.property(
        leafFields,
        fc.constantFrom<keyof LeafFields>('eventId', 'occurredOn', 'recordedAt', 'streamId', 'type'),
        (fields, key) => {
          const changed = { ...fields, [key]: `${fields[key] as string}x` }
          expect(toHex(leafHashOf(changed))).not.toBe(toHex(leafHashOf(fields)))
        },
      ),
    )
    const base = fc.sample(leafFields, 1)[0]!
    expect(toHex(leafHashOf({ ...base, position: base.position + 1 }))).not.toBe(toHex(leafHashOf(base)))
  })

  it('refuses leaf fields that have no canonical form', () => {
    const base = fc.sample(leafFields, 1)[0]!
    expect(() => leafCanonicalOf({ ...base, streamId: 'a\ud800' })).toThrow(TypeError)
    expect(() => leafCanonicalOf({ ...base, position: 2 ** 60 })).toThrow(RangeError)
  })

  it('salts the payload hash, and hashes canonical pieces as it hashes the whole', () => {
    const salt = new Uint8Array(16).fill(7)
    const data = { b: 1, a: 'é' }
    const metadata = { sources: [], recordedBy: 'x' }
    const whole = payloadHashOf(salt, data, metadata)
    expect(toHex(whole)).toBe(toHex(sha256(salt, canonicalJson({ data, metadata }))))
    expect(toHex(payloadHashOfCanonical(salt, canonicalJson(data), canonicalJson(metadata)))).toBe(
      toHex(whole),
    )
    expect(toHex(payloadHashOf(new Uint8Array(16), data, metadata))).not.toBe(toHex(whole))
  })
})
