import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { Certainty, certaintyOf, looksLikeCertaintyTag, reasonOf } from './certainty.js'

describe('certainty in the metadata reason', () => {
  it('tags every certainty but confirmed', () => {
    expect(reasonOf('confirmed', undefined)).toBeUndefined()
    expect(reasonOf('confirmed', 'a note')).toBe('a note')
    expect(reasonOf('disputed', undefined)).toBe('[certainty: disputed]')
    expect(reasonOf('date_uncertain', 'month only')).toBe('[certainty: date_uncertain] month only')
  })

  it('reads back what it wrote, for any certainty and note a file may hold', () => {
    const note = fc.string({ minLength: 1 }).filter((n) => /\S/.test(n) && !looksLikeCertaintyTag(n))
    fc.assert(
      fc.property(
        fc.constantFrom(...Certainty.options),
        fc.option(note, { nil: undefined }),
        (certainty, text) => {
          expect(certaintyOf(reasonOf(certainty, text))).toEqual({ certainty, note: text })
        },
      ),
    )
  })

  it('reads a reason written by someone else as a confirmed note', () => {
    expect(certaintyOf('recorded from the teacher form')).toEqual({
      certainty: 'confirmed',
      note: 'recorded from the teacher form',
    })
  })
})
