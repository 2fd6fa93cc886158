import { type EventMetadata, InvalidArgumentError, type NewEventInput } from '@storyledger/core'
import { reasonOf } from './certainty.js'
import { mapReferences } from './references.js'
import type { Story, StoryLineEnvelope } from './story.js'
import { entityKey, OPENING_KEY, storyEventId, streamIdOf } from './story-id.js'

/** A story as the events to append to its stream. */
export interface StoryEvents {
  readonly streamId: string
  readonly events: readonly NewEventInput[]
}

/**
 * The events of a parsed story, in file order: `StoryOpened`, then one `EntityIntroduced` or development per
 * line. Event ids are derived from the story id and each line's key (or pinned by the line), so the same
 * story always yields the same events. A development's key is kept in `metadata.correlationId` and its
 * certainty and note in `metadata.reason`, which is how an export writes them back.
 */
export function toNewEvents(story: Story): StoryEvents {
  const idsByKey = new Map<string, string>()
  const events: NewEventInput[] = [
    {
      eventId: story.opening.eventId ?? storyEventId(story.id, OPENING_KEY),
      type: 'StoryOpened',
      data: story.opening.data,
      ...dates(story.opening),
      metadata: metadataOf(story, story.opening),
    },
  ]
  for (const [index, line] of story.lines.entries()) {
    if (line.kind === 'entity') {
      events.push({
        eventId: line.eventId ?? storyEventId(story.id, entityKey(line.data.entityId)),
        type: 'EntityIntroduced',
        data: line.data,
        ...dates(line),
        metadata: metadataOf(story, line),
      })
      continue
    }
    const eventId = line.eventId ?? storyEventId(story.id, line.key)
    const { data, missing } = mapReferences(line.type, line.data, 'toLog', (key) => idsByKey.get(key))
    if (missing.length > 0) {
      // parseStoryFile refuses such a story; a Story built by hand may still get here.
      throw new InvalidArgumentError(
        `Development "${line.key}" refers to a key that no development above it has`,
        missing.map(({ field, value }) => ({
          path: ['lines', index, 'data', field],
          code: 'custom',
          message: `no development above has the key ${JSON.stringify(value)}`,
        })),
      )
    }
    idsByKey.set(line.key, eventId)
    events.push({
      eventId,
      type: line.type,
      data,
      ...dates(line),
      // `event-<id>` is the key an export gives an event that had none: it is not written back as one.
      metadata: metadataOf(story, line, line.key === `event-${line.eventId}` ? undefined : line.key),
    })
  }
  return { streamId: streamIdOf(story.id), events }
}

function dates(line: StoryLineEnvelope): Pick<NewEventInput, 'occurredOn' | 'reportedOn'> {
  return line.reportedOn === undefined
    ? { occurredOn: line.occurredOn }
    : { occurredOn: line.occurredOn, reportedOn: line.reportedOn }
}

function metadataOf(story: Story, line: StoryLineEnvelope, key?: string): EventMetadata {
  const reason = reasonOf(line.certainty, line.note)
  return {
    recordedBy: line.recordedBy ?? story.recordedBy,
    ...(reason === undefined ? {} : { reason }),
    ...(key === undefined ? {} : { correlationId: key }),
    sources: [...line.sources],
  }
}
