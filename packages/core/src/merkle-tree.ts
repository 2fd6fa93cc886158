import { sha256 } from './sha256.js'

const NODE_PREFIX = 0x01

/** RFC 9162 root of the empty tree: SHA-256 of nothing. */
export const EMPTY_TREE_ROOT: Uint8Array = sha256()

/** RFC 9162 interior node: SHA-256(0x01 ‖ left ‖ right). */
export function nodeHash(left: Uint8Array, right: Uint8Array): Uint8Array {
  // One buffer, one hash call: cheaper than three updates of a hash object, and the same bytes.
  const input = new Uint8Array(1 + left.length + right.length)
  input[0] = NODE_PREFIX
  input.set(left, 1)
  input.set(right, 1 + left.length)
  return sha256(input)
}

/**
 * An RFC 9162 Merkle tree kept as its right edge: the roots of the perfect subtrees that make up the tree,
 * largest first, one per set bit of `size`. That is all it takes to append a leaf and to compute the root, in
 * O(log n) space.
 */
export interface MerkleAccumulator {
  readonly size: number
  append(leafHash: Uint8Array): void
  root(): Uint8Array
  /** The right-edge subtree roots, largest first. */
  peaks(): Uint8Array[]
}

export function createMerkleAccumulator(
  start: { size: number; peaks: readonly Uint8Array[] } = { size: 0, peaks: [] },
): MerkleAccumulator {
  if (!Number.isSafeInteger(start.size) || start.size < 0) {
    throw new RangeError(`A tree size is a whole number of leaves, not ${start.size}`)
  }
  if (popCount(start.size) !== start.peaks.length) {
    throw new RangeError(
      `A tree of ${start.size} leaves has ${popCount(start.size)} peaks, not ${start.peaks.length}`,
    )
  }
  const peaks = [...start.peaks]
  let size = start.size
  return {
    get size() {
      return size
    },
    append(leafHash) {
      let node = leafHash
      // Like a binary counter: each trailing 1 bit of the size is a subtree of equal height to merge with.
      for (let carry = size; carry & 1; carry = Math.floor(carry / 2)) node = nodeHash(peaks.pop()!, node)
      peaks.push(node)
      size += 1
    },
    root() {
      if (peaks.length === 0) return EMPTY_TREE_ROOT
      let node = peaks[peaks.length - 1]!
      for (let i = peaks.length - 2; i >= 0; i--) node = nodeHash(peaks[i]!, node)
      return node
    },
    peaks() {
      return [...peaks]
    },
  }
}

/** The root of a list of leaf hashes. */
export function merkleRootOf(leafHashes: Iterable<Uint8Array>): Uint8Array {
  const tree = createMerkleAccumulator()
  for (const leaf of leafHashes) tree.append(leaf)
  return tree.root()
}

function popCount(n: number): number {
  let count = 0
  for (let rest = n; rest > 0; rest = Math.floor(rest / 2)) count += rest % 2
  return count
}
