export { describeEvent, formatMoney, type NameOf } from './describe.js'
export { type Change, type Collection, diff } from './diff.js'
export { type Entity, entitiesOf } from './entities-of.js'
export { evolve, type FoldableEvent, fold } from './evolve.js'
export { addDays, type Placement, placementOf } from './placement.js'
export {
  createReplayIndex,
  isAffectedBy,
  type ReplayIndex,
  type ReplayIndexOptions,
  type RestoredSnapshot,
  restoreSnapshot,
  type Snapshot,
  serializeSnapshot,
  stateFromSnapshot,
} from './replay-index.js'
export {
  type AnalysisState,
  type BidState,
  type BidStatus,
  type CalendarDayOrNull,
  type ConditionState,
  type DeadlineState,
  type DealPhase,
  type DealRecord,
  type DealState,
  type DealStatus,
  type DueDateChange,
  type EntityState,
  type GovernmentActionKind,
  type GovernmentActionState,
  initialState,
  nameOf,
  type PartnerState,
  type PartyState,
  type PhaseChange,
  type RelationshipState,
  type Stake,
  type Standing,
  type StandingChange,
  type StatementChannel,
  type StatementState,
  type StoryInfo,
  type Support,
} from './state.js'
export { AsOfOptions, effectiveEventsOf, stateAsOf } from './state-as-of.js'
export { type TimelineEntry, type TimelineOptions, timeline } from './timeline.js'
