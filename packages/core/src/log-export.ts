import { z } from 'zod'
import { describeIssues, issuesFrom } from './errors.js'
import { createLogVerifier, type LeafRecord, type TreeHead, type VerificationResult } from './log-verifier.js'
import { fromHex, toHex } from './sha256.js'

/**
 * The export of a log, as NDJSON: a header line, one line per event in position order (with its salt and
 * hashes), and a last line with the tree head. Anyone can check it offline with {@link verifyExport}.
 */
export const LOG_EXPORT_FORMAT = 'storyledger-log'
export const LOG_EXPORT_FORMAT_VERSION = 1

const Hex = z.string().regex(/^([0-9a-f]{2})*$/, 'expected lowercase hex')
const Hash = z.string().regex(/^[0-9a-f]{64}$/, 'expected a 64-digit lowercase hex SHA-256')

const HeaderLine = z.strictObject({
  kind: z.literal('header'),
  format: z.literal(LOG_EXPORT_FORMAT),
  formatVersion: z.literal(LOG_EXPORT_FORMAT_VERSION),
})

const EventLine = z.strictObject({
  kind: z.literal('event'),
  position: z.number().int().positive(),
  eventId: z.string(),
  streamId: z.string(),
  streamVersion: z.number().int().positive(),
  type: z.string(),
  schemaVersion: z.number().int().positive(),
  occurredOn: z.string(),
  reportedOn: z.string().nullable(),
  recordedAt: z.string(),
  data: z.unknown(),
  metadata: z.unknown(),
  payloadSalt: Hex,
  payloadHash: Hash,
  leafHash: Hash,
})

const HeadLine = z.strictObject({
  kind: z.literal('head'),
  treeSize: z.number().int().nonnegative(),
  root: Hash,
})

const ExportLine = z.discriminatedUnion('kind', [HeaderLine, EventLine, HeadLine])

export function exportHeaderLine(): string {
  return JSON.stringify({
    kind: 'header',
    format: LOG_EXPORT_FORMAT,
    formatVersion: LOG_EXPORT_FORMAT_VERSION,
  })
}

export function exportEventLine(record: LeafRecord): string {
  return JSON.stringify({
    kind: 'event',
    position: record.position,
    eventId: record.eventId,
    streamId: record.streamId,
    streamVersion: record.streamVersion,
    type: record.type,
    schemaVersion: record.schemaVersion,
    occurredOn: record.occurredOn,
    reportedOn: record.reportedOn,
    recordedAt: record.recordedAt,
    data: record.data,
    metadata: record.metadata,
    payloadSalt: toHex(record.payloadSalt),
    payloadHash: toHex(record.payloadHash),
    leafHash: toHex(record.leafHash),
  })
}

export function exportHeadLine(head: TreeHead): string {
  return JSON.stringify({ kind: 'head', treeSize: head.treeSize, root: head.root })
}

export interface VerifyExportOptions {
  /** A root obtained some other way (published, printed, sent by mail): the export must end on it. */
  readonly trustedRoot?: string
}

/**
 * Verifies an exported log without any database: every line is recomputed and the tree must end on the root
 * the export states (and on `trustedRoot`, when given). Pure: the caller supplies the lines.
 */
export async function verifyExport(
  lines: Iterable<string> | AsyncIterable<string>,
  options: VerifyExportOptions = {},
): Promise<VerificationResult> {
  const verifier = createLogVerifier()
  let lineNumber = 0
  let sawHeader = false
  let sawLine = false
  let head: TreeHead | undefined
  let nextPosition = 1
  for await (const raw of lines) {
    lineNumber += 1
    if (raw.trim() === '') continue
    const where = `line ${lineNumber}`
    if (head)
      return {
        ok: false,
        position: nextPosition,
        reason: `${where} follows the head line, which must be last`,
      }
    let json: unknown
    try {
      json = JSON.parse(raw)
    } catch {
      return { ok: false, position: nextPosition, reason: `${where} is not JSON` }
    }
    const parsed = ExportLine.safeParse(json)
    if (!parsed.success) {
      const detail = describeIssues(issuesFrom(parsed.error))
      return { ok: false, position: nextPosition, reason: `${where} is not a valid export line (${detail})` }
    }
    const line = parsed.data
    const firstLine = !sawLine
    sawLine = true
    if (line.kind === 'header') {
      if (!firstLine) return { ok: false, position: nextPosition, reason: `${where}: unexpected header` }
      sawHeader = true
      continue
    }
    if (!sawHeader)
      return { ok: false, position: nextPosition, reason: 'the export does not start with its header line' }
    if (line.kind === 'head') {
      head = { treeSize: line.treeSize, root: line.root }
      continue
    }
    const failure = verifier.add({
      ...line,
      payloadSalt: fromHex(line.payloadSalt),
      payloadHash: fromHex(line.payloadHash),
      leafHash: fromHex(line.leafHash),
    })
    if (failure) return failure
    nextPosition += 1
  }
  if (!head)
    return { ok: false, position: nextPosition, reason: 'the export has no head line (it may be cut short)' }
  const result = verifier.finish(head)
  if (result.ok && options.trustedRoot !== undefined && options.trustedRoot.toLowerCase() !== result.root) {
    return {
      ok: false,
      position: 1,
      lastPosition: Math.max(result.treeSize, 1),
      reason: `the export is consistent but ends on root ${result.root}, not on the trusted root ${options.trustedRoot}`,
    }
  }
  return result
}
