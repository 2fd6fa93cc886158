import type { z } from 'zod'

/** A validation issue, flattened from zod so it can cross a process or HTTP boundary as plain JSON. */
export interface ValidationIssue {
  /** Where the issue is, e.g. `[2, "data", "bidderId"]` for the third event of an append. */
  readonly path: readonly (string | number)[]
  readonly message: string
  readonly code: string
}

/**
 * The one base of every error storyledger throws on purpose. `code` is stable and meant to be branched on;
 * `details` is plain JSON for logs and problem+json responses.
 */
export class StoryledgerError extends Error {
  readonly code: string
  readonly details: Readonly<Record<string, unknown>>

  constructor(code: string, message: string, details: Record<string, unknown> = {}) {
    super(message)
    this.name = new.target.name
    this.code = code
    this.details = details
  }
}

/** Input that does not fit the event catalogue or the envelope. Nothing was written. */
export class EventValidationError extends StoryledgerError {
  readonly issues: readonly ValidationIssue[]

  constructor(message: string, issues: readonly ValidationIssue[]) {
    super('EVENT_INVALID', message, { issues })
    this.issues = issues
  }
}

export type ExpectedVersion = number | 'no_stream' | 'exists' | 'any'

/** The stream was not at the version the writer expected. Nothing was written. */
export class StreamVersionConflictError extends StoryledgerError {
  readonly streamId: string
  readonly expected: ExpectedVersion
  /** The stream's version when the append was decided; 0 when the stream does not exist. */
  readonly actual: number

  constructor(streamId: string, expected: ExpectedVersion, actual: number) {
    super(
      'STREAM_VERSION_CONFLICT',
      `Stream "${streamId}" is at version ${actual}, but the append expected ${describeExpected(expected)}`,
      { streamId, expected, actual },
    )
    this.streamId = streamId
    this.expected = expected
    this.actual = actual
  }
}

/** An argument other than events (a read option, a stream id) is out of range or malformed. */
export class InvalidArgumentError extends StoryledgerError {
  readonly issues: readonly ValidationIssue[]

  constructor(message: string, issues: readonly ValidationIssue[]) {
    super('INVALID_ARGUMENT', message, { issues })
    this.issues = issues
  }
}

/** An eventId that is already stored was sent again with different content (or as part of a different append). */
export class EventIdReusedError extends StoryledgerError {
  readonly eventId: string

  constructor(eventId: string, reason: string) {
    super('EVENT_ID_REUSED', `Event id ${eventId} is already stored ${reason}`, { eventId })
    this.eventId = eventId
  }
}

/** A correction or retraction points at an event the log does not hold. */
export class UnknownEventReferenceError extends StoryledgerError {
  readonly eventId: string

  constructor(eventId: string, referencedBy: string) {
    super('UNKNOWN_EVENT_REFERENCE', `${referencedBy} points at event ${eventId}, which is not in the log`, {
      eventId,
    })
    this.eventId = eventId
  }
}

/** Another process holds the embedded database's data directory. */
export class DataDirectoryLockedError extends StoryledgerError {
  constructor(dataDir: string, holderPid: number) {
    super(
      'DATA_DIR_LOCKED',
      `The data directory ${dataDir} is in use by process ${holderPid}. PGlite cannot share a data directory ` +
        'between processes without losing writes: stop the other process, or point this one at another directory.',
      { dataDir, holderPid },
    )
  }
}

/** A row read back from the database, or a line of an export, is not what the log writes. */
export class CorruptRecordError extends StoryledgerError {
  constructor(where: string, issues: readonly ValidationIssue[]) {
    super('CORRUPT_RECORD', `${where} does not have the shape the log writes`, { issues })
  }
}

export function issuesFrom(error: z.ZodError, prefix: readonly (string | number)[] = []): ValidationIssue[] {
  return error.issues.map((issue) => ({
    path: [...prefix, ...issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p))],
    message: issue.message,
    code: issue.code,
  }))
}

/** Issues as one line for people: `data.bidderId: Required; metadata.sources: …`. */
export function describeIssues(issues: readonly ValidationIssue[]): string {
  return issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ')
}

function describeExpected(expected: ExpectedVersion): string {
  switch (expected) {
    case 'no_stream':
      return 'no stream'
    case 'exists':
      return 'an existing stream'
    case 'any':
      return 'any version'
    default:
      return `version ${expected}`
  }
}
