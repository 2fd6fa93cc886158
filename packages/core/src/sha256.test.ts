import { createHash } from 'node:crypto'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { fromHex, type HashPart, randomBytes, sha256, sha256Portable, toHex } from './sha256.js'

const implementations = [
  ['sha256', sha256],
  ['sha256Portable', sha256Portable],
] as const

const utf8 = new TextEncoder()

function bytesOf(part: HashPart): Uint8Array {
  return typeof part === 'string' ? utf8.encode(part) : part
}

function concat(parts: readonly HashPart[]): Uint8Array {
  const chunks = parts.map(bytesOf)
  const all = new Uint8Array(chunks.reduce((sum, chunk) => sum + chunk.length, 0))
  let offset = 0
  for (const chunk of chunks) {
    all.set(chunk, offset)
    offset += chunk.length
  }
  return all
}

/** Any UTF-16 string, lone surrogates included. */
const anyUtf16String = fc.string({
  unit: fc.integer({ min: 0, max: 0xffff }).map((code) => String.fromCharCode(code)),
})
/** A byte array, sometimes a view into the middle of a larger buffer. */
const bytes = fc.oneof(
  fc.uint8Array({ maxLength: 300 }),
  fc
    .tuple(fc.uint8Array({ minLength: 1, maxLength: 200 }), fc.nat(), fc.nat())
    .map(([buffer, a, b]) => buffer.subarray(Math.min(a, b) % buffer.length, Math.max(a, b) % buffer.length)),
)
const part: fc.Arbitrary<HashPart> = fc.oneof(bytes, fc.string({ unit: 'binary' }), anyUtf16String)

describe.each(implementations)('%s', (_name, hash) => {
  it.each([
    ['the empty string', '', 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855'],
    ['"abc"', 'abc', 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad'],
    [
      'the 448-bit FIPS 180-2 message',
      'abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq',
      '248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1',
    ],
    // The UTF-8 bytes e2 82 ac, as `printf '€' | sha256sum` hashes them.
    ['a non-ASCII string, as UTF-8', '€', 'c4cc90ed3d26f12d4b08a75140970a7904035c31cbb4515a83f19b9003c00d1d'],
  ])('hashes %s to the known digest', (_what, input, digest) => {
    expect(toHex(hash(input))).toBe(digest)
  })

  it('hashes no parts at all as the empty message', () => {
    expect(toHex(hash())).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855')
  })

  it('hashes bytes the same as the string they encode', () => {
    expect(toHex(hash(new Uint8Array([0x61, 0x62, 0x63])))).toBe(
      'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
    )
  })

  it('hashes a million "a" to the known digest', () => {
    expect(toHex(hash('a'.repeat(1_000_000)))).toBe(
      'cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0',
    )
  })

  it('returns 32 bytes', () => {
    fc.assert(
      fc.property(fc.array(part, { maxLength: 4 }), (parts) => {
        expect(hash(...parts)).toHaveLength(32)
      }),
    )
  })

  it('hashes several parts as their concatenation', () => {
    fc.assert(
      fc.property(fc.array(part, { maxLength: 6 }), (parts) => {
        expect(toHex(hash(...parts))).toBe(toHex(hash(concat(parts))))
      }),
    )
  })

  it('agrees with node:crypto on any bytes', () => {
    fc.assert(
      fc.property(bytes, (input) => {
        expect(toHex(hash(input))).toBe(createHash('sha256').update(input).digest('hex'))
      }),
    )
  })

  it('only reads the bytes of a view, not the rest of its buffer', () => {
    const buffer = new Uint8Array([0xff, 0x61, 0x62, 0x63, 0xff])
    expect(toHex(hash(buffer.subarray(1, 4)))).toBe(
      'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
    )
  })
})

describe('sha256 and sha256Portable', () => {
  it('agree on random byte arrays', () => {
    fc.assert(
      fc.property(bytes, (input) => {
        expect(toHex(sha256(input))).toBe(toHex(sha256Portable(input)))
      }),
    )
  })

  it('agree on random strings, lone surrogates included', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.string({ unit: 'grapheme' }), fc.string({ unit: 'binary' }), anyUtf16String),
        (text) => {
          expect(toHex(sha256(text))).toBe(toHex(sha256Portable(text)))
        },
      ),
    )
  })

  it('agree on random lists of parts', () => {
    fc.assert(
      fc.property(fc.array(part, { maxLength: 6 }), (parts) => {
        expect(toHex(sha256(...parts))).toBe(toHex(sha256Portable(...parts)))
      }),
    )
  })
})

describe('toHex and fromHex', () => {
  it('write lowercase hex, two digits a byte', () => {
    expect(toHex(new Uint8Array([0, 1, 0x0f, 0x10, 0xab, 0xff]))).toBe('00010f10abff')
    expect(toHex(new Uint8Array())).toBe('')
  })

  it('read hex back into bytes', () => {
    expect([...fromHex('00010f10abff')]).toEqual([0, 1, 0x0f, 0x10, 0xab, 0xff])
    expect(fromHex('')).toHaveLength(0)
  })

  it('round trip any bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (input) => {
        const hex = toHex(input)
        expect(hex).toMatch(/^([0-9a-f]{2})*$/)
        expect(hex).toHaveLength(input.length * 2)
        expect([...fromHex(hex)]).toEqual([...input])
      }),
    )
  })

  it('round trip any lowercase hex', () => {
    const hex = fc
      .array(fc.constantFrom(...'0123456789abcdef'), { maxLength: 100 })
      .map((digits) => (digits.length % 2 === 0 ? digits : digits.slice(1)).join(''))
    fc.assert(
      fc.property(hex, (text) => {
        expect(toHex(fromHex(text))).toBe(text)
      }),
    )
  })

  it('reject hex of odd length or with other characters', () => {
    expect(() => fromHex('abc')).toThrow()
    expect(() => fromHex('zz')).toThrow()
    expect(() => fromHex('0x00')).toThrow()
  })
})

describe('randomBytes', () => {
  it('returns as many bytes as asked, different each time', () => {
    const a = randomBytes(32)
    const b = randomBytes(32)
    expect(a).toHaveLength(32)
    expect(randomBytes(0)).toHaveLength(0)
    expect(toHex(a)).not.toBe(toHex(b))
  })
})
