import { leafHashOf, payloadHashOf } from './leaf-hash.js'
import { createMerkleAccumulator } from './merkle-tree.js'
import { toHex } from './sha256.js'

/** An event as stored, with everything needed to recompute its hashes. */
export interface LeafRecord {
  readonly position: number
  readonly eventId: string
  readonly streamId: string
  readonly streamVersion: number
  readonly type: string
  readonly schemaVersion: number
  readonly occurredOn: string
  readonly reportedOn: string | null
  readonly recordedAt: string
  readonly data: unknown
  readonly metadata: unknown
  readonly payloadSalt: Uint8Array
  readonly payloadHash: Uint8Array
  readonly leafHash: Uint8Array
}

/** A tree size and the root the log recorded for it (hex). */
export interface TreeHead {
  readonly treeSize: number
  readonly root: string
}

export type VerificationResult =
  | { readonly ok: true; readonly treeSize: number; readonly root: string }
  | {
      readonly ok: false
      /** The first position whose content no longer matches what the log committed to. */
      readonly position: number
      /** When only a tree head pins the change down, the last position it may lie at. */
      readonly lastPosition?: number
      readonly reason: string
    }

export type VerificationFailure = Extract<VerificationResult, { ok: false }>

export interface LogVerifier {
  /** Checks the next record; returns the failure once one is found (and keeps returning it). */
  add(record: LeafRecord): VerificationFailure | undefined
  /** Compares the recomputed tree with the head the log claims. */
  finish(head: TreeHead): VerificationResult
}

/**
 * Recomputes a log from its records, in position order: each payload against its salted hash, each envelope
 * against its leaf hash, positions and stream versions without gaps, recorded time never going back, and the
 * Merkle root against every recorded tree head (`checkpoints`) and the final one. Pure, so it serves both the
 * database's `verify()` and the offline check of an export.
 */
export function createLogVerifier(checkpoints: readonly TreeHead[] = []): LogVerifier {
  const pending = [...checkpoints].sort((a, b) => a.treeSize - b.treeSize)
  let nextCheckpoint = 0
  let lastCheckpointSize = 0
  const tree = createMerkleAccumulator()
  const streamVersions = new Map<string, number>()
  let lastRecordedAt = ''
  let failure: VerificationFailure | undefined

  const fail = (position: number, reason: string, lastPosition?: number): VerificationFailure => {
    failure =
      lastPosition === undefined
        ? { ok: false, position, reason }
        : { ok: false, position, lastPosition, reason }
    return failure
  }

  return {
    add(record) {
      if (failure) return failure
      const expected = tree.size + 1
      if (record.position !== expected) {
        return fail(
          expected,
          record.position > expected
            ? `position ${expected} is missing (the next record is at ${record.position})`
            : `position ${record.position} appears again or out of order`,
        )
      }
      let payloadHash: Uint8Array
      try {
        payloadHash = payloadHashOf(record.payloadSalt, record.data, record.metadata)
      } catch {
        return fail(expected, 'the payload cannot be put in canonical form')
      }
      if (!equalBytes(payloadHash, record.payloadHash)) {
        return fail(expected, 'data or metadata (sources included) no longer match the payload hash')
      }
      const leafHash = leafHashOf({ ...record, payloadHash })
      if (!equalBytes(leafHash, record.leafHash)) {
        return fail(
          expected,
          'the envelope (id, stream, version, type, dates, recorded time) no longer matches the leaf hash',
        )
      }
      const previousVersion = streamVersions.get(record.streamId) ?? 0
      if (record.streamVersion !== previousVersion + 1) {
        return fail(
          expected,
          `stream ${record.streamId} goes from version ${previousVersion} to ${record.streamVersion}`,
        )
      }
      streamVersions.set(record.streamId, record.streamVersion)
      if (record.recordedAt < lastRecordedAt) {
        return fail(expected, `recorded time goes back from ${lastRecordedAt} to ${record.recordedAt}`)
      }
      lastRecordedAt = record.recordedAt
      tree.append(leafHash)
      while (nextCheckpoint < pending.length && pending[nextCheckpoint]!.treeSize <= tree.size) {
        const checkpoint = pending[nextCheckpoint]!
        if (checkpoint.treeSize === tree.size && toHex(tree.root()) !== checkpoint.root) {
          return fail(
            lastCheckpointSize + 1,
            `the root recorded at tree size ${checkpoint.treeSize} no longer matches: an event between positions ` +
              `${lastCheckpointSize + 1} and ${checkpoint.treeSize} was rewritten together with its hashes`,
            checkpoint.treeSize,
          )
        }
        lastCheckpointSize = checkpoint.treeSize
        nextCheckpoint += 1
      }
      return undefined
    },
    finish(head) {
      if (failure) return failure
      if (head.treeSize !== tree.size) {
        return fail(
          Math.min(head.treeSize, tree.size) + 1,
          `the log head records ${head.treeSize} events but ${tree.size} were found`,
        )
      }
      const root = toHex(tree.root())
      if (root !== head.root) {
        return fail(
          lastCheckpointSize + 1,
          `the recomputed root ${root} is not the recorded root ${head.root}`,
          Math.max(tree.size, lastCheckpointSize + 1),
        )
      }
      return { ok: true, treeSize: tree.size, root }
    },
  }
}

/** "ok: 12 events, root 3f…" or "tampered at position 7: …", for people. */
export function describeVerification(result: VerificationResult): string {
  if (result.ok) return `ok: ${result.treeSize} events, root ${result.root}`
  const where =
    result.lastPosition === undefined
      ? `position ${result.position}`
      : `positions ${result.position}–${result.lastPosition}`
  return `tampered at ${where}: ${result.reason}`
}

export function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false
  return true
}
