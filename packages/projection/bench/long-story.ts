import type { EventData, EventType, OccurredOn, StoredEvent } from '@storyledger/core'

/**
 * A long, made-up story for benchmarks: `developments` events over six years (2020–2026) among 50 parties,
 * every event type of the catalogue, 5% at month precision, 1% undated but reported, 10% back-dated (recorded
 * up to 60 days after the fact, among later developments), 1% corrected (the date moved by up to 30 days) and
 * 0.5% retracted, each among the 500 developments recorded before it.
 * Deterministic (a seeded generator), so every run measures the same log.
 */
export function longStory(developments: number, seed = 42): StoredEvent[] {
  const random = mulberry32(seed)
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!
  const parties = Array.from({ length: 50 }, (_, i) => `party-${i}`)
  const events: StoredEvent[] = []
  const start = Date.parse('2020-01-01T00:00:00.000Z')
  const span = 6 * 365
  const recordedStart = Date.parse('2020-01-02T00:00:00.000Z')

  const add = <T extends EventType>(
    type: T,
    data: EventData<T>,
    occurredOn: OccurredOn,
    reportedOn?: string,
  ) => {
    const position = events.length + 1
    events.push({
      eventId: `01900000-0000-7000-8000-${String(position).padStart(12, '0')}`,
      streamId: 'story/bench',
      streamVersion: position,
      position,
      schemaVersion: 1,
      occurredOn,
      ...(reportedOn === undefined ? {} : { reportedOn }),
      recordedAt: new Date(recordedStart + position * 1_800_000).toISOString(),
      metadata: {
        recordedBy: 'bench',
        sources: [{ outlet: 'The Wall Street Journal', attribution: 'a source' }],
      },
      leafHash: '00'.repeat(32),
      type,
      data,
    } as StoredEvent)
    return events[events.length - 1]!
  }

  add('StoryOpened', { title: 'A long saga', subject: 'Who buys the asset', assetId: 'asset' }, 'unknown')
  for (const id of parties)
    add('EntityIntroduced', { entityId: id, name: id.toUpperCase(), kind: 'company' }, 'unknown')

  const developmentIds: string[] = []
  for (let i = 0; i < developments; i++) {
    const progress = (i / developments) * span
    const back = random() < 0.1 ? Math.floor(random() * 60) : 0
    const day = new Date(start + Math.max(0, Math.floor(progress) - back) * 86_400_000)
      .toISOString()
      .slice(0, 10)
    const roll = random()
    const occurredOn: OccurredOn = roll < 0.05 ? day.slice(0, 7) : roll < 0.06 ? 'unknown' : day
    const reportedOn = occurredOn === 'unknown' ? day : undefined
    const a = pick(parties)
    const b = pick(parties)
    const kind = random()
    let event: StoredEvent
    if (kind < 0.3)
      event = add(
        'StatementMade',
        { speakerId: a, quote: `Statement ${i}`, channel: 'statement', aboutIds: [b] },
        occurredOn,
        reportedOn,
      )
    else if (kind < 0.4)
      event = add(
        'AnalysisPublished',
        { analystId: a, summary: `Analysis ${i}`, aboutIds: [b] },
        occurredOn,
        reportedOn,
      )
    else if (kind < 0.45)
      event = add('ConditionReported', { subjectId: a, condition: `Condition ${i}` }, occurredOn, reportedOn)
    else if (kind < 0.48)
      event = add(
        'RelationshipNoted',
        { fromId: a, toId: b, relationship: 'is an ally of' },
        occurredOn,
        reportedOn,
      )
    else if (kind < 0.58)
      event = add('InterestExpressed', { partyId: a, targetId: 'asset' }, occurredOn, reportedOn)
    else if (kind < 0.68)
      event = add(
        'BidMade',
        { bidderId: a, partnerIds: [b], amount: { amount: 1e9 + i, currency: 'USD' } },
        occurredOn,
        reportedOn,
      )
    else if (kind < 0.73) event = add('BidRejected', { bidderId: a, rejectedById: b }, occurredOn, reportedOn)
    else if (kind < 0.76) event = add('BidWithdrawn', { bidderId: a }, occurredOn, reportedOn)
    else if (kind < 0.78)
      event = add(
        'PartnerSelected',
        { partnerId: a, selectedById: b, role: 'technology partner' },
        occurredOn,
        reportedOn,
      )
    else if (kind < 0.83)
      event = add(
        'GovernmentActionTaken',
        { actorId: 'government', action: 'review', title: `Review ${i}`, targetIds: [a] },
        occurredOn,
        reportedOn,
      )
    else if (kind < 0.85)
      event = add(
        'DeadlineSet',
        { deadlineId: `deadline-${i % 40}`, setById: 'government', description: 'divest', durationDays: 90 },
        occurredOn,
        reportedOn,
      )
    else if (kind < 0.88)
      event = add(
        'DeadlineExtended',
        { deadlineId: `deadline-${i % 40}`, extendedById: 'government', byDays: 30 },
        occurredOn,
        reportedOn,
      )
    else if (kind < 0.89)
      event = add(
        'DealAnnounced',
        { partyIds: [a, b], description: `Deal ${i}`, stakes: [{ holderId: a, percent: 20 }] },
        occurredOn,
        reportedOn,
      )
    else if (kind < 0.9) event = add('DealSigned', { partyIds: [a] }, occurredOn, reportedOn)
    else if (kind < 0.905) event = add('DealClosed', { partyIds: [a] }, occurredOn, reportedOn)
    else if (kind < 0.91)
      event = add(
        'DealBlocked',
        { blockedById: 'government', partyIds: [a], reason: 'security' },
        occurredOn,
        reportedOn,
      )
    else if (kind < 0.92 && developmentIds.length > 0) {
      const shifted = new Date(Date.parse(day) - Math.floor(random() * 30) * 86_400_000)
        .toISOString()
        .slice(0, 10)
      event = add(
        'DevelopmentCorrected',
        {
          correctsEventId: pick(developmentIds.slice(-500)),
          corrected: { occurredOn: shifted },
          reason: 'date',
        },
        day,
      )
      continue
    } else if (kind < 0.925 && developmentIds.length > 0) {
      event = add(
        'DevelopmentRetracted',
        { retractsEventId: pick(developmentIds.slice(-500)), reason: 'wrong' },
        day,
      )
      continue
    } else
      event = add(
        'StatementMade',
        { speakerId: a, quote: `Quote ${i}`, channel: 'interview', paraphrased: true },
        occurredOn,
        reportedOn,
      )
    developmentIds.push(event.eventId)
  }
  return events
}

function mulberry32(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}
