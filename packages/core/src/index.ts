export { actorsOf } from './actors-of.js'
export { applyCorrection, type CorrectableEvent, type CorrectionOutcome } from './apply-correction.js'
export { assertNever } from './assert-never.js'
export { canonicalJson } from './canonical-json.js'
export {
  AttemptGradedData,
  AttemptRegradedData,
  AttemptStartedData,
  AttemptSubmittedData,
  classroomDayOf,
  PublishedQuizId,
  QuizGeneratedData,
  QuizPublishedData,
} from './classroom-events.js'
export {
  type EventEnvelope,
  EventMetadata,
  NewEventInput,
  Source,
  type StoredEvent,
  StreamId,
  type ValidatedNewEvent,
  validateNewEvents,
} from './envelope.js'
export {
  CorruptRecordError,
  DataDirectoryLockedError,
  describeIssues,
  EventIdReusedError,
  EventValidationError,
  type ExpectedVersion,
  InvalidArgumentError,
  issuesFrom,
  StoryledgerError,
  StreamVersionConflictError,
  UnknownEventReferenceError,
  type ValidationIssue,
} from './errors.js'
export {
  type ClassroomEventType,
  classroomEventTypes,
  EntityId,
  EntityKind,
  type EventData,
  EventId,
  type EventOfType,
  type EventType,
  eventCatalogue,
  eventTypes,
  isClassroomEventType,
  isEventType,
  Money,
  type StoryEvent,
  storyEventTypes,
  Text,
} from './event-catalogue.js'
export {
  LEAF_FORMAT_VERSION,
  type LeafFields,
  leafCanonicalOf,
  leafHashOf,
  payloadHashOf,
} from './leaf-hash.js'
export {
  exportEventLine,
  exportHeaderLine,
  exportHeadLine,
  LOG_EXPORT_FORMAT,
  type VerifyExportOptions,
  verifyExport,
} from './log-export.js'
export {
  createLogVerifier,
  describeVerification,
  type LeafRecord,
  type LogVerifier,
  type TreeHead,
  type VerificationResult,
} from './log-verifier.js'
export {
  createMerkleAccumulator,
  EMPTY_TREE_ROOT,
  type MerkleAccumulator,
  merkleRootOf,
  nodeHash,
} from './merkle-tree.js'
export { fromHex, sha256, toHex } from './sha256.js'
export {
  CalendarDay,
  type DatePrecision,
  dayRangeOf,
  OccurredOn,
  precisionOf,
  StoryDate,
} from './story-date.js'
export {
  type ParsedPayload,
  parseEventPayload,
  type Upcaster,
  type UpcasterRegistry,
  upcasters,
} from './upcasters.js'
