/** A pseudo-random source made from a seed: the only randomness the quiz engine may use. */
export interface SeededRandom {
  /** A float in [0, 1). */
  next(): number
  /** An integer in [0, bound). */
  below(bound: number): number
  /** A new array with the items in a random order (Fisher–Yates). */
  shuffle<T>(items: readonly T[]): T[]
  /** The items put in a random order where they are, with the same draws as `shuffle` (so the same order). */
  shuffleInPlace<T>(items: T[]): void
}

/**
 * A seeded generator: the same seed gives the same sequence on every machine. The seed (a string or a number)
 * is hashed with cyrb128 into the state of sfc32, a small fast generator that passes PractRand; neither needs
 * to be cryptographic, only repeatable.
 */
export function createSeededRandom(seed: string | number): SeededRandom {
  // The state is kept as signed 32-bit integers (the same bits as sfc32's unsigned ones): small integers,
  // which V8 stores unboxed, where unsigned ones above 2^31 would each be a new heap number on every draw.
  let [a, b, c, d] = cyrb128(String(seed)).map((h) => h | 0) as [number, number, number, number]
  const next = () => {
    let t = (a + b) | 0
    a = b ^ (b >>> 9)
    b = (c + (c << 3)) | 0
    c = (c << 21) | (c >>> 11)
    d = (d + 1) | 0
    t = (t + d) | 0
    c = (c + t) | 0
    return (t >>> 0) / 4294967296
  }
  for (let i = 0; i < 15; i++) next()
  const shuffleInPlace = <T>(items: T[]): void => {
    for (let i = items.length - 1; i > 0; i--) {
      const j = Math.floor(next() * (i + 1))
      const swapped = items[i]!
      items[i] = items[j]!
      items[j] = swapped
    }
  }
  return {
    next,
    below(bound) {
      if (!Number.isInteger(bound) || bound <= 0)
        throw new RangeError(`below() needs a positive integer, got ${bound}`)
      return Math.floor(next() * bound)
    },
    shuffle(items) {
      const copy = [...items]
      shuffleInPlace(copy)
      return copy
    },
    shuffleInPlace,
  }
}

function cyrb128(text: string): [number, number, number, number] {
  let h1 = 1779033703
  let h2 = 3144134277
  let h3 = 1013904242
  let h4 = 2773480762
  for (let i = 0; i < text.length; i++) {
    const k = text.charCodeAt(i)
    h1 = h2 ^ Math.imul(h1 ^ k, 597399067)
    h2 = h3 ^ Math.imul(h2 ^ k, 2869860233)
    h3 = h4 ^ Math.imul(h3 ^ k, 951274213)
    h4 = h1 ^ Math.imul(h4 ^ k, 2716044179)
  }
  h1 = Math.imul(h3 ^ (h1 >>> 18), 597399067)
  h2 = Math.imul(h4 ^ (h2 >>> 22), 2869860233)
  h3 = Math.imul(h1 ^ (h3 >>> 17), 951274213)
  h4 = Math.imul(h2 ^ (h4 >>> 19), 2716044179)
  h1 ^= h2 ^ h3 ^ h4
  h2 ^= h1
  h3 ^= h1
  h4 ^= h1
  return [h1 >>> 0, h2 >>> 0, h3 >>> 0, h4 >>> 0]
}
