import { createHash } from 'node:crypto'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { createMerkleAccumulator, EMPTY_TREE_ROOT, merkleRootOf, nodeHash } from './merkle-tree.js'

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex')

/** RFC 9162 section 2.1.1, written straight from the definition with node:crypto. */
function referenceRoot(leaves: readonly Uint8Array[]): Uint8Array {
  const n = leaves.length
  if (n === 0) return createHash('sha256').digest()
  if (n === 1) return leaves[0]!
  let k = 1
  while (k * 2 < n) k *= 2
  return createHash('sha256')
    .update(Uint8Array.of(0x01))
    .update(referenceRoot(leaves.slice(0, k)))
    .update(referenceRoot(leaves.slice(k)))
    .digest()
}

function popCount(n: number): number {
  return n.toString(2).replaceAll('0', '').length
}

/** Deterministic distinct 32-byte leaves. */
function leavesOf(count: number): Uint8Array[] {
  return Array.from({ length: count }, (_, i) => createHash('sha256').update(`leaf ${i}`).digest())
}

const leaf = fc.uint8Array({ minLength: 32, maxLength: 32 })
const leaves = (maxLength: number) => fc.array(leaf, { maxLength, size: 'max' })

describe('EMPTY_TREE_ROOT', () => {
  it('is SHA-256 of nothing', () => {
    expect(hex(EMPTY_TREE_ROOT)).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855')
  })

  it('is the root of a tree with no leaves', () => {
    expect(hex(createMerkleAccumulator().root())).toBe(hex(EMPTY_TREE_ROOT))
    expect(hex(merkleRootOf([]))).toBe(hex(EMPTY_TREE_ROOT))
  })
})

describe('nodeHash', () => {
  it('is SHA-256 of 0x01, the left child and the right child', () => {
    fc.assert(
      fc.property(leaf, leaf, (left, right) => {
        const expected = createHash('sha256')
          .update(Uint8Array.of(1))
          .update(left)
          .update(right)
          .digest('hex')
        expect(hex(nodeHash(left, right))).toBe(expected)
      }),
    )
  })

  it('depends on the order of its children', () => {
    const [a, b] = leavesOf(2) as [Uint8Array, Uint8Array]
    expect(hex(nodeHash(a, b))).not.toBe(hex(nodeHash(b, a)))
  })
})

describe('createMerkleAccumulator', () => {
  it('has the root of the RFC 9162 definition for any list of 0 to 300 leaves', () => {
    fc.assert(
      fc.property(leaves(300), (list) => {
        const tree = createMerkleAccumulator()
        for (const item of list) tree.append(item)
        const expected = hex(referenceRoot(list))
        expect(tree.size).toBe(list.length)
        expect(hex(tree.root())).toBe(expected)
        expect(hex(merkleRootOf(list))).toBe(expected)
      }),
      { numRuns: 60 },
    )
  })

  it('has the root of the prefix after every append, for each size up to 70', () => {
    const list = leavesOf(70)
    const tree = createMerkleAccumulator()
    for (let n = 1; n <= list.length; n++) {
      tree.append(list[n - 1]!)
      expect(tree.size).toBe(n)
      expect(hex(tree.root()), `root of ${n} leaves`).toBe(hex(referenceRoot(list.slice(0, n))))
    }
  })

  it('has the root of the prefix after every append, for random leaves', () => {
    fc.assert(
      fc.property(leaves(70), (list) => {
        const tree = createMerkleAccumulator()
        list.forEach((item, i) => {
          tree.append(item)
          expect(hex(tree.root())).toBe(hex(referenceRoot(list.slice(0, i + 1))))
        })
      }),
      { numRuns: 30 },
    )
  })

  it('has a single leaf as its own root', () => {
    const [only] = leavesOf(1) as [Uint8Array]
    expect(hex(merkleRootOf([only]))).toBe(hex(only))
  })

  it('builds the two-leaf and three-leaf trees by hand', () => {
    const [a, b, c] = leavesOf(3) as [Uint8Array, Uint8Array, Uint8Array]
    expect(hex(merkleRootOf([a, b]))).toBe(hex(nodeHash(a, b)))
    expect(hex(merkleRootOf([a, b, c]))).toBe(hex(nodeHash(nodeHash(a, b), c)))
  })

  it('keeps one peak per set bit of its size', () => {
    const tree = createMerkleAccumulator()
    for (const [n, item] of leavesOf(130).entries()) {
      tree.append(item)
      expect(tree.peaks(), `peaks of ${n + 1} leaves`).toHaveLength(popCount(n + 1))
    }
  })

  it('keeps as peaks the roots of the perfect subtrees of its right edge, largest first', () => {
    fc.assert(
      fc.property(leaves(100), (list) => {
        const tree = createMerkleAccumulator()
        for (const item of list) tree.append(item)
        const expected: string[] = []
        let offset = 0
        for (let bit = 2 ** 7; bit >= 1; bit /= 2) {
          if (list.length & bit) {
            expected.push(hex(referenceRoot(list.slice(offset, offset + bit))))
            offset += bit
          }
        }
        expect(tree.peaks().map(hex)).toEqual(expected)
      }),
      { numRuns: 50 },
    )
  })

  it('gives away copies of its peaks, not its own list', () => {
    const tree = createMerkleAccumulator()
    for (const item of leavesOf(3)) tree.append(item)
    const root = hex(tree.root())
    tree.peaks().pop()
    tree.peaks().push(new Uint8Array(32))
    expect(tree.peaks()).toHaveLength(2)
    expect(hex(tree.root())).toBe(root)
  })

  it('resumes from the size and peaks of another tree as if it had been that tree', () => {
    fc.assert(
      fc.property(
        leaves(120).chain((list) => fc.tuple(fc.constant(list), fc.nat({ max: list.length }))),
        ([list, split]) => {
          const original = createMerkleAccumulator()
          for (const item of list.slice(0, split)) original.append(item)
          const resumed = createMerkleAccumulator({ size: original.size, peaks: original.peaks() })
          expect(resumed.size).toBe(split)
          expect(hex(resumed.root())).toBe(hex(original.root()))
          for (const item of list.slice(split)) {
            original.append(item)
            resumed.append(item)
            expect(hex(resumed.root())).toBe(hex(original.root()))
            expect(resumed.size).toBe(original.size)
          }
          expect(hex(resumed.root())).toBe(hex(referenceRoot(list)))
        },
      ),
      { numRuns: 50 },
    )
  })

  it('does not change when the peaks it was resumed from are changed afterwards', () => {
    const original = createMerkleAccumulator()
    for (const item of leavesOf(5)) original.append(item)
    const peaks = original.peaks()
    const resumed = createMerkleAccumulator({ size: 5, peaks })
    peaks.reverse()
    expect(hex(resumed.root())).toBe(hex(original.root()))
  })

  it.each([
    [1, 0],
    [1, 2],
    [3, 1],
    [4, 2],
    [0, 1],
    [7, 2],
    [2 ** 40, 2],
  ])('throws a RangeError for %i leaves and %i peaks', (size, peakCount) => {
    const peaks = leavesOf(peakCount)
    expect(() => createMerkleAccumulator({ size, peaks })).toThrow(RangeError)
  })

  it('accepts the right number of peaks for a large size', () => {
    const size = 2 ** 40 + 2 ** 20 + 1
    expect(createMerkleAccumulator({ size, peaks: leavesOf(3) }).size).toBe(size)
  })
})

describe('merkleRootOf', () => {
  it('takes any iterable of leaves', () => {
    const list = leavesOf(9)
    function* generate() {
      yield* list
    }
    expect(hex(merkleRootOf(generate()))).toBe(hex(referenceRoot(list)))
  })

  it('changes when any one leaf changes or two leaves swap', () => {
    const list = leavesOf(11)
    const root = hex(merkleRootOf(list))
    for (let i = 0; i < list.length; i++) {
      const changed = [...list]
      changed[i] = createHash('sha256').update(`other ${i}`).digest()
      expect(hex(merkleRootOf(changed))).not.toBe(root)
    }
    const swapped = [...list]
    ;[swapped[3], swapped[4]] = [swapped[4]!, swapped[3]!]
    expect(hex(merkleRootOf(swapped))).not.toBe(root)
  })
})
