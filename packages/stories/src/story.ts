import type { EventData, EventType, OccurredOn, Source, StoryDate } from '@storyledger/core'
import type { Certainty } from './certainty.js'

/** The envelope fields every line of a story file may carry, with the defaults filled in. */
export interface StoryLineEnvelope {
  readonly occurredOn: OccurredOn
  readonly reportedOn?: StoryDate
  readonly sources: readonly Source[]
  readonly certainty: Certainty
  readonly note?: string
  /** Who recorded this line, when not the story's `recordedBy`. */
  readonly recordedBy?: string
  /** An event id pinned by the file (exports of events recorded outside a story file); otherwise derived. */
  readonly eventId?: string
}

/** An entity of the story, recorded as `EntityIntroduced`. */
export interface StoryEntity extends StoryLineEnvelope {
  readonly kind: 'entity'
  readonly data: EventData<'EntityIntroduced'>
}

/** The event types a development line may have: every type but the story's opening and its entities. */
export type DevelopmentType = Exclude<EventType, 'StoryOpened' | 'EntityIntroduced'>

/**
 * A development of the story. `data` is as written in the file: it fits the catalogue's schema of `type`,
 * except that a correction's `corrects`, a retraction's `retracts` and a deadline's `basis` hold the keys of
 * earlier developments where the log holds event ids.
 */
export interface StoryDevelopment extends StoryLineEnvelope {
  readonly kind: 'development'
  readonly key: string
  readonly type: DevelopmentType
  readonly data: Readonly<Record<string, unknown>>
}

export type StoryLine = StoryEntity | StoryDevelopment

/** A story file, parsed and validated: its opening, then its entities and developments in file order. */
export interface Story {
  readonly id: string
  /** Who recorded the story (the header's `recordedBy`); lines may name someone else. */
  readonly recordedBy: string
  readonly opening: StoryLineEnvelope & { readonly data: EventData<'StoryOpened'> }
  readonly lines: readonly StoryLine[]
}

/** Where a story file is wrong: a 1-based line number, the field (dotted path, or `(line)`) and what is wrong. */
export interface StoryFileError {
  readonly line: number
  readonly field: string
  readonly message: string
}

export type ParseStoryResult =
  | { readonly ok: true; readonly story: Story }
  | { readonly ok: false; readonly errors: readonly StoryFileError[] }
