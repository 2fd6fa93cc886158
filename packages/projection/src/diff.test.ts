import { describe, expect, it } from 'vitest'
import { diff } from './diff.js'
import { NOW } from './fixtures/given.js'
import { summer2020 } from './fixtures/summer-2020.js'
import { stateAsOf } from './state-as-of.js'

const at = (events: Parameters<typeof stateAsOf>[0], validAt: string, knownAt?: string) =>
  stateAsOf(events, { validAt, now: NOW, ...(knownAt === undefined ? {} : { knownAt }) })

describe('diff', () => {
  it('lists what changed between two dates, most telling first', () => {
    const { events } = summer2020()
    const texts = diff(at(events, '2020-08-02'), at(events, '2020-09-13')).map((c) => c.text)
    expect(texts).toEqual([
      'Phase: interest → partner selected',
      'Partner: none → Oracle (trusted technical partner)',
      'Microsoft: interested → rejected',
      'Oracle: new party, partner',
      'New bid by Microsoft',
      'New deadline sale-order: due 2020-11-12 (divest within 90 days)',
      'New government action by us-president: EO 13942',
    ])
  })

  it('types each change so a caller can branch on it', () => {
    const { events } = summer2020()
    const changes = diff(at(events, '2020-08-02'), at(events, '2020-09-13'))
    expect(changes).toContainEqual({
      kind: 'standing-changed',
      partyId: 'microsoft',
      from: 'interested',
      to: 'rejected',
      text: 'Microsoft: interested → rejected',
    })
    expect(changes).toContainEqual(
      expect.objectContaining({ kind: 'added', collection: 'parties', id: 'oracle' }),
    )
  })

  it('names a party to a deal as such', () => {
    const log = summer2020()
    log.add(
      'DealAnnounced',
      { partyIds: ['oracle', 'bytedance'], description: 'TikTok Global' },
      { occurredOn: '2020-09-19', recordedAt: '2020-09-19T12:00:00Z' },
    )
    const texts = diff(at(log.events, '2020-09-13'), at(log.events, '2020-09-19')).map((c) => c.text)
    expect(texts).toContain('Oracle: partner → buyer')
    expect(texts).toContain('bytedance: new party, party to the deal')
  })

  it('shows a due date moved by an extension', () => {
    const log = summer2020()
    log.add(
      'DeadlineExtended',
      { deadlineId: 'sale-order', extendedById: 'us-president', newDueOn: '2020-12-04' },
      { occurredOn: '2020-11-25', recordedAt: '2020-11-25T12:00:00Z' },
    )
    const changes = diff(at(log.events, '2020-11-01'), at(log.events, '2020-11-30'))
    expect(changes).toEqual([
      {
        kind: 'due-date-changed',
        deadlineId: 'sale-order',
        from: '2020-11-12',
        to: '2020-12-04',
        text: 'Deadline sale-order: due 2020-11-12 → 2020-12-04',
      },
    ])
  })

  it('shows what was learned after the fact: a correction changes, a retraction removes', () => {
    const log = summer2020()
    const statement = log.add(
      'StatementMade',
      { speakerId: 'oracle', quote: 'No comment', channel: 'statement' },
      { occurredOn: '2020-09-13', recordedAt: '2020-09-14T02:00:00Z' },
    )
    const bid = log.events.find((e) => e.type === 'BidMade')!
    log.add(
      'DevelopmentCorrected',
      {
        correctsEventId: bid.eventId,
        corrected: { data: { terms: 'all cash' } },
        reason: 'terms were reported',
      },
      { recordedAt: '2020-10-01T00:00:00Z' },
    )
    log.add(
      'DevelopmentRetracted',
      { retractsEventId: statement.eventId, reason: 'misquoted' },
      { recordedAt: '2020-10-02T00:00:00Z' },
    )
    const changes = diff(at(log.events, '2020-09-13', '2020-09-30'), at(log.events, '2020-09-13'))
    expect(changes.map((c) => [c.kind, c.text])).toEqual([
      ['changed', 'Bid by Microsoft corrected'],
      ['removed', 'Statement by Oracle removed from the record: “No comment”'],
    ])
  })

  it('finds nothing between a state and itself or an equal state', () => {
    const { events } = summer2020()
    const state = at(events, '2020-09-13')
    expect(diff(state, state)).toEqual([])
    expect(diff(state, JSON.parse(JSON.stringify(state)))).toEqual([])
  })
})
