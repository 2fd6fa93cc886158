import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { actorsOf } from './actors-of.js'
import type { StoryEvent } from './event-catalogue.js'

const eventId = '01745f3a-8c00-7abc-8def-000000000001'

describe('actorsOf', () => {
  it.each<[string, StoryEvent, string[]]>([
    [
      'BidRejected: the one who rejected, then the bidder',
      { type: 'BidRejected', data: { bidderId: 'microsoft', rejectedById: 'bytedance' } },
      ['bytedance', 'microsoft'],
    ],
    [
      'PartnerSelected: the one who selected, then the partner',
      {
        type: 'PartnerSelected',
        data: { partnerId: 'oracle', selectedById: 'bytedance', role: 'trusted technical partner' },
      },
      ['bytedance', 'oracle'],
    ],
    [
      'BidMade: the bidder, its partners, then the target',
      {
        type: 'BidMade',
        data: { bidderId: 'microsoft', partnerIds: ['walmart'], targetId: 'tiktok-us' },
      },
      ['microsoft', 'walmart', 'tiktok-us'],
    ],
    [
      'BidMade without target or partners: the bidder alone',
      { type: 'BidMade', data: { bidderId: 'oracle' } },
      ['oracle'],
    ],
    [
      'InterestExpressed without a target: the party alone',
      { type: 'InterestExpressed', data: { partyId: 'twitter' } },
      ['twitter'],
    ],
    [
      'StoryOpened with an asset: the asset',
      { type: 'StoryOpened', data: { title: 'TikTok', subject: 'The sale', assetId: 'tiktok-us' } },
      ['tiktok-us'],
    ],
    [
      'StoryOpened without an asset: nobody',
      { type: 'StoryOpened', data: { title: 'TikTok', subject: 'The sale' } },
      [],
    ],
    [
      'EntityIntroduced: the entity',
      {
        type: 'EntityIntroduced',
        data: { entityId: 'larry-ellison', name: 'Larry Ellison', kind: 'person' },
      },
      ['larry-ellison'],
    ],
    [
      'DealAnnounced: the parties, then stake holders not already named',
      {
        type: 'DealAnnounced',
        data: {
          partyIds: ['bytedance', 'oracle'],
          description: 'TikTok Global',
          stakes: [
            { holderId: 'oracle', percent: 12.5 },
            { holderId: 'walmart', percent: 7.5 },
          ],
        },
      },
      ['bytedance', 'oracle', 'walmart'],
    ],
    [
      'GovernmentActionTaken: the actor, then the targets',
      {
        type: 'GovernmentActionTaken',
        data: {
          actorId: 'donald-trump',
          action: 'executive_order',
          title: 'EO 13942',
          targetIds: ['bytedance'],
        },
      },
      ['donald-trump', 'bytedance'],
    ],
    [
      'DeadlineSet: the one who set it',
      {
        type: 'DeadlineSet',
        data: {
          deadlineId: 'divestment-order',
          setById: 'donald-trump',
          description: 'Sell',
          durationDays: 90,
        },
      },
      ['donald-trump'],
    ],
    [
      'RelationshipNoted: from, then to',
      {
        type: 'RelationshipNoted',
        data: { fromId: 'larry-ellison', toId: 'donald-trump', relationship: 'is a political supporter of' },
      },
      ['larry-ellison', 'donald-trump'],
    ],
    [
      'AnalysisPublished: the analyst, then what the analysis is about',
      {
        type: 'AnalysisPublished',
        data: { analystId: 'patrick-moorhead', summary: 'A cloud win for Oracle', aboutIds: ['oracle'] },
      },
      ['patrick-moorhead', 'oracle'],
    ],
    [
      'DevelopmentCorrected: nobody',
      {
        type: 'DevelopmentCorrected',
        data: { correctsEventId: eventId, corrected: { occurredOn: '2020-09-19' }, reason: 'misdated' },
      },
      [],
    ],
    [
      'DevelopmentRetracted: nobody',
      { type: 'DevelopmentRetracted', data: { retractsEventId: eventId, reason: 'not confirmed' } },
      [],
    ],
  ])('names the actors of %s', (_what, event, actors) => {
    expect(actorsOf(event)).toEqual(actors)
  })

  it('names an entity once even when the event names it twice', () => {
    expect(
      actorsOf({
        type: 'BidMade',
        data: { bidderId: 'oracle', partnerIds: ['oracle', 'walmart', 'walmart'], targetId: 'oracle' },
      }),
    ).toEqual(['oracle', 'walmart'])
    expect(
      actorsOf({
        type: 'StatementMade',
        data: {
          speakerId: 'donald-trump',
          quote: 'Great deal',
          channel: 'speech',
          aboutIds: ['donald-trump', 'oracle'],
        },
      }),
    ).toEqual(['donald-trump', 'oracle'])
    expect(
      actorsOf({
        type: 'DealBlocked',
        data: { blockedById: 'cfius', partyIds: ['cfius', 'bytedance'], reason: 'national security' },
      }),
    ).toEqual(['cfius', 'bytedance'])
  })

  describe('for events naming entities from a small pool, so that they repeat', () => {
    const id = fc.constantFrom('oracle', 'bytedance', 'walmart', 'microsoft', 'tiktok-us')
    const ids = fc.array(id, { maxLength: 6 })
    const event: fc.Arbitrary<{ event: StoryEvent; named: string[] }> = fc.oneof(
      fc.record({ bidderId: id, partnerIds: ids, targetId: id }).map((data) => ({
        event: { type: 'BidMade', data } as const,
        named: [data.bidderId, ...data.partnerIds, data.targetId],
      })),
      fc.tuple(fc.array(id, { minLength: 1, maxLength: 6 }), ids).map(([partyIds, holders]) => ({
        event: {
          type: 'DealAnnounced',
          data: {
            partyIds,
            description: 'a deal',
            stakes: holders.map((holderId) => ({ holderId, percent: 10 })),
          },
        } as const,
        named: [...partyIds, ...holders],
      })),
      fc.tuple(id, ids).map(([actorId, targetIds]) => ({
        event: {
          type: 'GovernmentActionTaken',
          data: { actorId, action: 'review', title: 'CFIUS review', targetIds },
        } as const,
        named: [actorId, ...targetIds],
      })),
      fc.tuple(id, ids).map(([subjectId, aboutIds]) => ({
        event: {
          type: 'ConditionReported',
          data: { subjectId, condition: 'no source code', aboutIds },
        } as const,
        named: [subjectId, ...aboutIds],
      })),
      fc.tuple(id, fc.option(ids, { nil: undefined })).map(([blockedById, partyIds]) => ({
        event: {
          type: 'DealBlocked',
          data:
            partyIds === undefined
              ? { blockedById, reason: 'blocked' }
              : { blockedById, partyIds, reason: 'blocked' },
        } as const,
        named: [blockedById, ...(partyIds ?? [])],
      })),
    )

    it('names each entity exactly once, every named entity included, first the one that acted', () => {
      fc.assert(
        fc.property(event, ({ event: storyEvent, named }) => {
          const actors = actorsOf(storyEvent)
          expect(new Set(actors).size).toBe(actors.length)
          expect(new Set(actors)).toEqual(new Set(named))
          expect(actors[0]).toBe(named[0])
        }),
      )
    })

    it('keeps the order in which the event first names each entity', () => {
      fc.assert(
        fc.property(event, ({ event: storyEvent, named }) => {
          expect(actorsOf(storyEvent)).toEqual(named.filter((entity, i) => named.indexOf(entity) === i))
        }),
      )
    })
  })
})
