import { assertNever, type EntityId, type Money, type Source, type StoryEvent } from '@storyledger/core'
import { countOf, dateInWords, formatNumber, listInWords, possessive, sentence } from '../english.js'
import type { Development, StoryFacts } from './facts.js'

export type NameOf = (id: EntityId) => string

/** The name of an entity the facts know, or its id (which a quiz never shows: callers check first). */
export function namer(facts: StoryFacts): NameOf {
  const names = new Map<EntityId, string>()
  for (const entity of facts.entities.values()) {
    // "a source quoted by the South China Morning Post": an unnamed source reads in lower case mid-sentence
    // (`sentence` capitalises it at the start).
    names.set(
      entity.entityId,
      entity.kind === 'unnamed_source'
        ? entity.name.replace(/^(A|An|The) /, (w) => w.toLowerCase())
        : entity.name,
    )
  }
  return (id) => names.get(id) ?? id
}

const ACTION_VERBS = {
  executive_order: 'signed',
  law: 'enacted',
  ruling: 'handed down',
  regulation: 'issued',
  investigation: 'opened',
  review: 'opened',
  agreement: 'entered into',
  other: 'announced',
} as const

/**
 * A development as a clause in the past tense, without its date: "ByteDance rejected Microsoft's bid".
 * `null` for events that are not developments of the story.
 */
export function describeEvent(event: StoryEvent, name: NameOf): string | null {
  switch (event.type) {
    case 'InterestExpressed':
      return event.data.targetId === undefined
        ? `${name(event.data.partyId)} expressed interest in a deal`
        : `${name(event.data.partyId)} expressed interest in ${name(event.data.targetId)}`
    case 'BidMade': {
      const partners = event.data.partnerIds ?? []
      const target = event.data.targetId === undefined ? 'a bid' : `a bid for ${name(event.data.targetId)}`
      const bidders =
        partners.length === 0
          ? name(event.data.bidderId)
          : listInWords([event.data.bidderId, ...partners].map(name))
      return `${bidders} made ${target}`
    }
    case 'BidRejected':
      return `${name(event.data.rejectedById)} rejected ${possessive(name(event.data.bidderId))} bid`
    case 'BidWithdrawn':
      return `${name(event.data.bidderId)} withdrew its bid`
    case 'PartnerSelected':
      return `${name(event.data.selectedById)} chose ${name(event.data.partnerId)} as its ${event.data.role}`
    case 'DealAnnounced':
      return `${listInWords(event.data.partyIds.map(name))} announced a deal`
    case 'DealSigned':
      return `${listInWords(event.data.partyIds.map(name))} signed a deal`
    case 'DealClosed':
      return `${listInWords(event.data.partyIds.map(name))} closed a deal`
    case 'DealBlocked':
      return `${name(event.data.blockedById)} blocked ${
        event.data.partyIds === undefined
          ? 'the deal'
          : `the deal between ${listInWords(event.data.partyIds.map(name))}`
      }`
    case 'GovernmentActionTaken':
      return `${name(event.data.actorId)} ${ACTION_VERBS[event.data.action]} ${quoted(event.data.title)}`
    case 'DeadlineSet':
      return event.data.durationDays === undefined
        ? `${name(event.data.setById)} set a deadline: ${event.data.description}`
        : `${name(event.data.setById)} set a deadline of ${countOf(event.data.durationDays, 'day')}: ${event.data.description}`
    case 'DeadlineExtended':
      return event.data.byDays !== undefined
        ? `${name(event.data.extendedById)} extended a deadline by ${countOf(event.data.byDays, 'day')}`
        : `${name(event.data.extendedById)} extended a deadline to ${dateInWords(event.data.newDueOn!)}`
    case 'StatementMade':
      return event.data.paraphrased
        ? `${name(event.data.speakerId)} made a statement: ${event.data.quote.replace(/\.$/, '')}`
        : `${name(event.data.speakerId)} said: ${quoted(event.data.quote)}`
    case 'ConditionReported':
      return `${name(event.data.subjectId)}'s condition was reported: ${event.data.condition}`
    case 'AnalysisPublished':
      return `${name(event.data.analystId)} published an analysis: ${event.data.summary}`
    case 'RelationshipNoted':
      return `${name(event.data.fromId)} ${event.data.relationship} ${name(event.data.toId)}`
    case 'StoryOpened':
    case 'EntityIntroduced':
    case 'DevelopmentCorrected':
    case 'DevelopmentRetracted':
    case 'QuizGenerated':
    case 'QuizPublished':
    case 'AttemptStarted':
    case 'AttemptSubmitted':
    case 'AttemptGraded':
    case 'AttemptRegraded':
      return null
    default:
      return assertNever(event)
  }
}

/**
 * False when `describeEvent(event, name)` is surely not `text`: some name or words it would contain are
 * missing from `text`. A closed-world check compares a text with many descriptions of one type and first
 * actor, and this rules most of them out without writing them. True says nothing: compare the description.
 */
export function couldDescribe(event: StoryEvent, text: string, name: NameOf): boolean {
  // Written without closures: it runs for every development of a group that a lookup reads.
  switch (event.type) {
    case 'InterestExpressed':
      return text.includes(event.data.targetId === undefined ? ' a deal' : name(event.data.targetId))
    case 'BidMade':
      return (
        (event.data.targetId === undefined || text.includes(name(event.data.targetId))) &&
        includesNames(text, event.data.partnerIds, name)
      )
    case 'BidRejected':
      return text.includes(name(event.data.bidderId))
    case 'PartnerSelected':
      return text.includes(event.data.role) && text.includes(name(event.data.partnerId))
    case 'DealAnnounced':
    case 'DealSigned':
    case 'DealClosed':
    case 'DealBlocked':
      return includesNames(text, event.data.partyIds, name)
    case 'GovernmentActionTaken':
      return text.includes(ACTION_VERBS[event.data.action]) && text.includes(insideQuotes(event.data.title))
    case 'DeadlineSet':
      return text.includes(event.data.description)
    case 'StatementMade':
      return text.includes(insideQuotes(event.data.quote))
    case 'ConditionReported':
      return text.includes(event.data.condition)
    case 'AnalysisPublished':
      return text.includes(event.data.summary)
    case 'RelationshipNoted':
      return text.includes(event.data.relationship) && text.includes(name(event.data.toId))
    default:
      return true
  }
}

function includesNames(text: string, ids: readonly EntityId[] | undefined, name: NameOf): boolean {
  if (ids !== undefined) for (const id of ids) if (!text.includes(name(id))) return false
  return true
}

/** A part of a text that `quoted` (or dropping a closing stop) always keeps: all but its first and last two characters. */
function insideQuotes(text: string): string {
  return text.slice(1, -2)
}

export function quoted(text: string): string {
  // A closing full stop stays out of the quotation marks, so the sentence around it can end as it needs to.
  return `“${text.replace(/^["“]|["”]$/g, '').replace(/\.$/, '')}”`
}

/** "the Wall Street Journal" in the middle of a sentence; other names as they are. */
export function outletInSentence(outlet: string): string {
  return outlet.replace(/^The /, 'the ')
}

/** "Reported by the Wall Street Journal, citing a source familiar with the matter, 13 September 2020." */
export function citation(sources: readonly Source[]): string {
  if (sources.length === 0) return 'Its sources were published later.'
  const shown = sources.slice(0, 3)
  const parts = shown.map((s) => {
    const who =
      s.attribution === undefined ? outletInSentence(s.outlet) : withAttribution(s.outlet, s.attribution)
    if (s.publishedOn === undefined) return who
    return shown.length === 1
      ? `${who}, ${dateInWords(s.publishedOn)}`
      : `${who} (${dateInWords(s.publishedOn)})`
  })
  return sentence(`Reported by ${listInWords(parts)}`)
}

/** "On 13 September 2020, ByteDance rejected Microsoft's bid. Reported by …" */
export function factWithCitation(development: Development, description: string): string {
  return `${sentence(`${whenOf(development)}, ${description}`)} ${citation(development.sources)}`
}

export function whenOf(development: Development): string {
  if (development.occurredOn === 'unknown') return `By ${dateInWords(development.knownBy)}`
  return development.occurredOn.length === 10
    ? `On ${dateInWords(development.occurredOn)}`
    : `In ${dateInWords(development.occurredOn)}`
}

const CURRENCY_SIGNS: Record<string, string> = { USD: '$', EUR: '€', GBP: '£', JPY: '¥' }

/** "$30 billion", "€1.5 million", "2,000 CHF". */
export function moneyInWords(money: Money): string {
  const { amount, currency } = money
  const [scaled, unit] =
    amount >= 1e9 ? [amount / 1e9, ' billion'] : amount >= 1e6 ? [amount / 1e6, ' million'] : [amount, '']
  const figure = `${formatNumber(scaled)}${unit}`
  const sign = CURRENCY_SIGNS[currency]
  return sign === undefined ? `${figure} ${currency}` : `${sign}${figure}`
}

const SOURCE_WORDS =
  /^(a|an|the|one|two|three|several|people|sources?|officials?|unnamed|anonymous|executives?|persons?)\b/i

/**
 * "the Wall Street Journal, citing people familiar with the matter"; an attribution that already says how
 * ("summarising Reuters") is kept as it is, and anything else goes in brackets.
 */
function withAttribution(outlet: string, attribution: string): string {
  const first = attribution.split(/\s+/)[0] ?? ''
  if (/ing$/i.test(first)) return `${outletInSentence(outlet)}, ${attribution}`
  if (SOURCE_WORDS.test(attribution)) return `${outletInSentence(outlet)}, citing ${attribution}`
  return `${outletInSentence(outlet)} (${attribution})`
}

/** The outlet that did the reporting: "Reuters via Nasdaq" and "Reuters" are one outlet for a question. */
export function reportingOutlet(outlet: string): string {
  return (
    outlet
      .split(' via ')[0]!
      .replace(/\s*\([^)]*\)$/, '')
      .trim() || outlet
  )
}

/**
 * The entity that acted, as `actorsOf(event)[0]` gives it, without listing the others: a description starts
 * with its name, so closed-world lookups group developments by it.
 */
export function firstActorOf(event: StoryEvent): EntityId | undefined {
  switch (event.type) {
    case 'StoryOpened':
      return event.data.assetId
    case 'EntityIntroduced':
      return event.data.entityId
    case 'InterestExpressed':
      return event.data.partyId
    case 'BidMade':
    case 'BidWithdrawn':
      return event.data.bidderId
    case 'BidRejected':
      return event.data.rejectedById
    case 'PartnerSelected':
      return event.data.selectedById
    case 'DealAnnounced':
    case 'DealSigned':
    case 'DealClosed':
      return event.data.partyIds[0]
    case 'DealBlocked':
      return event.data.blockedById
    case 'GovernmentActionTaken':
      return event.data.actorId
    case 'DeadlineSet':
      return event.data.setById
    case 'DeadlineExtended':
      return event.data.extendedById
    case 'StatementMade':
      return event.data.speakerId
    case 'ConditionReported':
      return event.data.subjectId
    case 'AnalysisPublished':
      return event.data.analystId
    case 'RelationshipNoted':
      return event.data.fromId
    case 'DevelopmentCorrected':
    case 'DevelopmentRetracted':
    case 'QuizGenerated':
    case 'QuizPublished':
    case 'AttemptStarted':
    case 'AttemptSubmitted':
    case 'AttemptGraded':
    case 'AttemptRegraded':
      return undefined
    default:
      return assertNever(event)
  }
}
