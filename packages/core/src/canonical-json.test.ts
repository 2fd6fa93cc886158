import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { canonicalJson } from './canonical-json.js'

/** Orders two strings by their UTF-16 code units, as RFC 8785 section 3.2.3 asks; written out so as not to lean on sort(). */
function compareUtf16(a: string, b: string): number {
  const length = Math.min(a.length, b.length)
  for (let i = 0; i < length; i++) {
    const difference = a.charCodeAt(i) - b.charCodeAt(i)
    if (difference !== 0) return difference
  }
  return a.length - b.length
}

/** An independent, deliberately naive JCS writer for JSON values: sorted keys, no whitespace. */
function referenceCanonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(referenceCanonical).join(',')}]`
  if (value !== null && typeof value === 'object') {
    const record = value as Record<string, unknown>
    const keys = Object.keys(record).sort(compareUtf16)
    return `{${keys.map((key) => `${JSON.stringify(key)}:${referenceCanonical(record[key])}`).join(',')}}`
  }
  if (Object.is(value, -0)) return '0'
  return JSON.stringify(value)
}

/** The value JSON can carry back: -0 becomes 0 (JSON has no negative zero). */
function withoutNegativeZero(value: unknown): unknown {
  if (Object.is(value, -0)) return 0
  if (Array.isArray(value)) return value.map(withoutNegativeZero)
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, withoutNegativeZero(inner)]))
  }
  return value
}

/** Rebuilds every object of a JSON value with its keys in another order, chosen by `seed`. */
function reorderKeys(value: unknown, seed: number): unknown {
  let state = seed >>> 0
  const next = () => {
    state = (Math.imul(state, 1_664_525) + 1_013_904_223) >>> 0
    return state
  }
  const visit = (inner: unknown): unknown => {
    if (Array.isArray(inner)) return inner.map(visit)
    if (inner !== null && typeof inner === 'object') {
      const entries = Object.entries(inner)
      for (let i = entries.length - 1; i > 0; i--) {
        const j = next() % (i + 1)
        const swap = entries[i]!
        entries[i] = entries[j]!
        entries[j] = swap
      }
      return Object.fromEntries(entries.map(([key, child]) => [key, visit(child)]))
    }
    return inner
  }
  return visit(value)
}

/** The output with every string literal emptied, so that what is left is pure JSON structure. */
function structureOf(canonical: string): string {
  return canonical.replace(/"(?:[^"\\]|\\.)*"/g, '""')
}

const unicodeString = fc.oneof(fc.string({ unit: 'grapheme' }), fc.string({ unit: 'binary' }))
const unicodeJson = fc.jsonValue({ stringUnit: 'binary', maxDepth: 4 })

describe('canonicalJson', () => {
  describe('properties', () => {
    it('does not depend on the order in which keys were inserted', () => {
      fc.assert(
        fc.property(
          fc
            .dictionary(fc.string(), fc.jsonValue({ maxDepth: 3 }))
            .chain((dict) =>
              fc.tuple(
                fc.constant(dict),
                fc.shuffledSubarray(Object.entries(dict), { minLength: Object.keys(dict).length }),
              ),
            ),
          ([dict, shuffledEntries]) => {
            expect(canonicalJson(Object.fromEntries(shuffledEntries))).toBe(canonicalJson(dict))
          },
        ),
      )
    })

    it('does not depend on key order at any depth', () => {
      fc.assert(
        fc.property(unicodeJson, fc.integer(), (value, seed) => {
          expect(canonicalJson(reorderKeys(value, seed))).toBe(canonicalJson(value))
        }),
      )
    })

    it('parses back to the same value (with -0 read as 0)', () => {
      fc.assert(
        fc.property(fc.jsonValue(), (value) => {
          expect(JSON.parse(canonicalJson(value))).toEqual(withoutNegativeZero(value))
        }),
      )
    })

    it('parses back to the same value for values with unicode strings and keys', () => {
      fc.assert(
        fc.property(unicodeJson, (value) => {
          expect(JSON.parse(canonicalJson(value))).toEqual(withoutNegativeZero(value))
        }),
      )
    })

    it('equals a naive writer that sorts keys by UTF-16 code units and adds no whitespace', () => {
      fc.assert(
        fc.property(unicodeJson, (value) => {
          expect(canonicalJson(value)).toBe(referenceCanonical(value))
        }),
      )
    })

    it('has no whitespace outside string literals', () => {
      fc.assert(
        fc.property(fc.jsonValue(), (value) => {
          expect(structureOf(canonicalJson(value))).not.toMatch(/\s/)
        }),
      )
    })

    it('carries unicode strings, graphemes and astral characters included, through a round trip', () => {
      fc.assert(
        fc.property(unicodeString, (text) => {
          expect(JSON.parse(canonicalJson(text))).toBe(text)
          expect(JSON.parse(canonicalJson({ [text]: text }))).toEqual({ [text]: text })
        }),
      )
    })

    it('writes printable characters as they are, without \\u escapes', () => {
      const needsEscape = (text: string) =>
        [...text].some((char) => char.charCodeAt(0) < 0x20 || char === '"' || char === '\\')
      const printable = fc.string({ unit: 'binary' }).filter((text) => !needsEscape(text))
      fc.assert(
        fc.property(printable, (text) => {
          expect(canonicalJson(text)).toBe(`"${text}"`)
        }),
      )
    })

    it('writes numbers in the shortest ECMAScript form that reads back to the same number', () => {
      fc.assert(
        fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (n) => {
          const text = canonicalJson(n)
          expect(text).toBe(Object.is(n, -0) ? '0' : String(n))
          expect(Number(text)).toBe(Object.is(n, -0) ? 0 : n)
        }),
      )
    })

    it('throws on any string with a lone surrogate', () => {
      const loneSurrogate = fc.integer({ min: 0xd800, max: 0xdfff }).map((code) => String.fromCharCode(code))
      fc.assert(
        fc.property(
          fc.string({ unit: 'binary' }),
          loneSurrogate,
          fc.string({ unit: 'binary' }),
          (before, lone, after) => {
            // `binary` strings hold whole code points only, so the surrogate cannot pair up with a neighbour.
            const text = `${before}${lone}${after}`
            expect(() => canonicalJson(text)).toThrow()
            expect(() => canonicalJson({ [text]: 1 })).toThrow()
          },
        ),
      )
    })
  })

  describe('RFC 8785 vectors', () => {
    it.each([
      ['1e21', '1e+21'],
      ['1e-7', '1e-7'],
      ['0.000001', '0.000001'],
      ['-0', '0'],
      ['333333333.33333329', '333333333.3333333'],
      ['1E30', '1e+30'],
      ['4.50', '4.5'],
      ['2e-3', '0.002'],
      ['0.000000000000000000000000001', '1e-27'],
      ['9007199254740992', '9007199254740992'],
      ['1e+23', '1e+23'],
      ['5e-324', '5e-324'],
      ['-1.7976931348623157e308', '-1.7976931348623157e+308'],
      ['100', '100'],
      ['0.1', '0.1'],
    ])('writes the number %s as %s', (written, canonical) => {
      expect(canonicalJson(Number(written))).toBe(canonical)
    })

    it('sorts keys by UTF-16 code units (section 3.2.3)', () => {
      const value = {
        '\u20ac': 'Euro Sign',
        '\r': 'Carriage Return',
        '\ufb33': 'Hebrew Letter Dalet With Dagesh',
        '1': 'One',
        '\ud83d\ude00': 'Emoji: Grinning Face',
        '\u0080': 'Control',
        '\u00f6': 'Latin Small Letter O With Diaeresis',
      }
      const expectedOrder = ['\r', '1', '\u0080', '\u00f6', '\u20ac', '\ud83d\ude00', '\ufb33']
      const expected = `{${expectedOrder.map((key) => `${JSON.stringify(key)}:${JSON.stringify(value[key as keyof typeof value])}`).join(',')}}`
      expect(canonicalJson(value)).toBe(expected)
      expect(canonicalJson(value)).toBe(
        '{"\\r":"Carriage Return","1":"One","\u0080":"Control","\u00f6":"Latin Small Letter O With Diaeresis",' +
          '"\u20ac":"Euro Sign","\ud83d\ude00":"Emoji: Grinning Face","\ufb33":"Hebrew Letter Dalet With Dagesh"}',
      )
    })

    it('puts the emoji (a surrogate pair) before U+FB33, which a code point sort would not', () => {
      const text = canonicalJson({ '\ufb33': 1, '\ud83d\ude00': 2 })
      expect(text.indexOf('\ud83d\ude00')).toBeLessThan(text.indexOf('\ufb33'))
    })

    it('writes the sample of section 3.2.2 exactly', () => {
      const input = String.raw`{
        "numbers": [333333333.33333329, 1E30, 4.50, 2e-3, 0.000000000000000000000000001],
        "string": "\u20ac$\u000F\u000aA'\u0042\u0022\u005c\\\"\/",
        "literals": [null, true, false]
      }`
      const expected = String.raw`{"literals":[null,true,false],"numbers":[333333333.3333333,1e+30,4.5,0.002,1e-27],"string":"€$\u000f\nA'B\"\\\\\"/"}`
      expect(canonicalJson(JSON.parse(input))).toBe(expected)
    })

    it('escapes the control characters with their short forms or lowercase \\u00xx', () => {
      expect(canonicalJson('\b\t\n\f\r')).toBe(String.raw`"\b\t\n\f\r"`)
      expect(canonicalJson('\u0000\u001f\u000b')).toBe(String.raw`"\u0000\u001f\u000b"`)
      expect(canonicalJson('"\\')).toBe(String.raw`"\"\\"`)
      expect(canonicalJson('/\u007f\u2028\u2029')).toBe('"/\u007f\u2028\u2029"')
    })

    it('writes literals, arrays and nested objects without whitespace', () => {
      expect(canonicalJson({ b: [1, { d: null, c: true }], a: false })).toBe(
        '{"a":false,"b":[1,{"c":true,"d":null}]}',
      )
      expect(canonicalJson([])).toBe('[]')
      expect(canonicalJson({})).toBe('{}')
    })
  })

  describe('values JSON cannot carry', () => {
    it.each([
      ['NaN', Number.NaN],
      ['Infinity', Number.POSITIVE_INFINITY],
      ['-Infinity', Number.NEGATIVE_INFINITY],
      ['NaN inside an array', [1, Number.NaN]],
      ['Infinity inside an object', { a: { b: Number.POSITIVE_INFINITY } }],
    ])('throws on %s', (_name, value) => {
      expect(() => canonicalJson(value)).toThrow()
    })

    it.each([
      ['a lone high surrogate', '\ud800'],
      ['a lone low surrogate between letters', 'a\udc00b'],
      ['a high surrogate at the end', 'abc\ud83d'],
      ['surrogates in the wrong order', '\ude00\ud83d'],
    ])('throws on a string with %s', (_name, text) => {
      expect(() => canonicalJson(text)).toThrow()
      expect(() => canonicalJson({ key: [text] })).toThrow()
      expect(() => canonicalJson({ [text]: 'value' })).toThrow()
    })

    it('throws a TypeError when the value as a whole has no JSON form', () => {
      expect(() => canonicalJson(undefined)).toThrow(TypeError)
      expect(() => canonicalJson(() => 1)).toThrow(TypeError)
    })

    it('leaves out undefined members of objects, as JSON.stringify does', () => {
      expect(canonicalJson({ a: undefined, b: 1 })).toBe('{"b":1}')
    })

    it('writes undefined and symbols in arrays as null, and uses toJSON, as JSON.stringify does', () => {
      expect(canonicalJson([undefined, Symbol('s'), 1])).toBe('[null,null,1]')
      expect(
        canonicalJson({ when: new Date('2020-09-13T00:00:00Z'), z: { toJSON: () => ({ b: 1, a: 2 }) } }),
      ).toBe('{"when":"2020-09-13T00:00:00.000Z","z":{"a":2,"b":1}}')
    })

    it('throws on a function or a circular reference inside a value', () => {
      expect(() => canonicalJson({ a: () => 1 })).toThrow(TypeError)
      expect(() => canonicalJson([() => 1])).toThrow(TypeError)
      const loop: Record<string, unknown> = {}
      loop.self = loop
      expect(() => canonicalJson(loop)).toThrow(TypeError)
    })

    it('finds a cycle however long it is, and writes a value shared by two members twice', () => {
      const start: Record<string, unknown> = {}
      let end = start
      for (let i = 0; i < 100; i++) {
        const next: Record<string, unknown> = {}
        end.next = next
        end = next
      }
      end.next = start
      expect(() => canonicalJson(start)).toThrow(/circular reference/)
      const shared = { b: 1, a: [2] }
      expect(canonicalJson({ x: shared, y: [shared, shared] })).toBe(
        '{"x":{"a":[2],"b":1},"y":[{"a":[2],"b":1},{"a":[2],"b":1}]}',
      )
    })

    it('writes values nested far deeper than a quiz or an event', () => {
      let deep: unknown = 'leaf'
      for (let i = 0; i < 500; i++) deep = i % 2 === 0 ? { [`k${i % 7}`]: deep, a: i } : [deep]
      expect(canonicalJson(deep)).toBe(referenceCanonical(deep))
    })

    it('writes objects of many shapes, met again and again in turn, as the naive writer does', () => {
      // More shapes than are kept, each also with its keys in another order: every lookup must still match.
      const values = Array.from({ length: 40 }, (_, i) => {
        const keys = Array.from({ length: 1 + (i % 5) }, (_, k) => `key${(i * 7 + k) % 11}`)
        const ordered = i % 2 === 0 ? keys : [...keys].reverse()
        return Object.fromEntries(ordered.map((key, k) => [key, k]))
      })
      for (let round = 0; round < 3; round++)
        for (const value of values) expect(canonicalJson(value)).toBe(referenceCanonical(value))
    })
  })
})
