import { EventId } from '@storyledger/core'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { storyEventId, storyIdOf, streamIdOf } from './story-id.js'

const slug = fc.stringMatching(/^[a-z0-9][a-z0-9._-]{0,30}$/)

describe('storyEventId', () => {
  it('is a lowercase UUIDv7-shaped id the store accepts, for any story id and key', () => {
    fc.assert(
      fc.property(slug, slug, (storyId, key) => {
        expect(EventId.safeParse(storyEventId(storyId, key)).success).toBe(true)
      }),
    )
  })

  it('is the same for the same story and key, and differs when either differs', () => {
    expect(storyEventId('s', 'k')).toBe(storyEventId('s', 'k'))
    expect(storyEventId('s', 'k')).not.toBe(storyEventId('s', 'k2'))
    expect(storyEventId('s', 'k')).not.toBe(storyEventId('s2', 'k'))
    // A separator keeps ("ab", "c") and ("a", "bc") apart.
    expect(storyEventId('ab', 'c')).not.toBe(storyEventId('a', 'bc'))
  })
})

describe('stream ids', () => {
  it('maps a story id to story/<id> and back', () => {
    expect(streamIdOf('tiktok-oracle-2020')).toBe('story/tiktok-oracle-2020')
    expect(storyIdOf('story/tiktok-oracle-2020')).toBe('tiktok-oracle-2020')
  })

  it('answers undefined for streams that are not stories', () => {
    expect(storyIdOf('quiz/2020-09-a')).toBeUndefined()
    expect(storyIdOf('story/Not A Slug')).toBeUndefined()
  })
})
