import type { StoredEvent } from '@storyledger/core'
import { describe, expect, it } from 'vitest'
import { entitiesOf } from './entities-of.js'

let position = 0
function stored(event: Pick<StoredEvent, 'type' | 'data'>): StoredEvent {
  position += 1
  return {
    eventId: `01900000-0000-7000-8000-${String(position).padStart(12, '0')}`,
    streamId: 'story/test',
    streamVersion: position,
    position,
    schemaVersion: 1,
    occurredOn: '2020-09-13',
    recordedAt: '2024-01-01T00:00:00.000Z',
    metadata: { recordedBy: 'test', sources: [] },
    leafHash: '00'.repeat(32),
    ...event,
  } as StoredEvent
}

describe('entitiesOf', () => {
  it('collects introduced entities with their kinds and aliases, first introduction first', () => {
    const events = [
      stored({ type: 'EntityIntroduced', data: { entityId: 'oracle', name: 'Oracle', kind: 'company' } }),
      stored({ type: 'InterestExpressed', data: { partyId: 'oracle' } }),
      stored({
        type: 'EntityIntroduced',
        data: { entityId: 'bytedance', name: 'ByteDance', kind: 'company', aliases: ['Byte Dance'] },
      }),
      stored({
        type: 'EntityIntroduced',
        data: { entityId: 'oracle', name: 'Oracle Corp.', kind: 'company' },
      }),
    ]
    const entities = entitiesOf(events)
    expect([...entities.keys()]).toEqual(['oracle', 'bytedance'])
    expect(entities.get('oracle')).toMatchObject({ name: 'Oracle', kind: 'company', aliases: [] })
    expect(entities.get('bytedance')?.aliases).toEqual(['Byte Dance'])
    expect(entities.get('oracle')?.introducedBy).toBe(events[0]!.eventId)
  })
})
