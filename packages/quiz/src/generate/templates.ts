import { type CalendarDay, dayRangeOf, type EntityId, type StoryEvent } from '@storyledger/core'
import { countOf, dateInWords, kindNoun, onDate, possessive, sentence, whichOf } from '../english.js'
import type { SeededRandom } from '../seeded-random.js'
import type { TemplateContext } from './context.js'
import { addDays, dayNumber } from './dates.js'
import { citation, describeEvent, factWithCitation, moneyInWords, quoted, whenOf } from './describe.js'
import type { BuildOptions, ChoiceDraft, OptionDraft, Template } from './drafts.js'
import { pickDistractors } from './drafts.js'
import type { Development } from './facts.js'

type Dev<T extends StoryEvent['type']> = Development & { event: Extract<StoryEvent, { type: T }> }

function right(ctx: TemplateContext, development: Development): string {
  const description = ctx.describe(development)
  return `Right. ${description === null ? citation(development.sources) : factWithCitation(development, description)}`
}

function general(ctx: TemplateContext, development: Development): string {
  const description = ctx.describe(development)
  return description === null ? citation(development.sources) : factWithCitation(development, description)
}

/** Feedback for an entity that is not the answer: what the story does say about it, when, and who reported it. */
function entityFeedback(ctx: TemplateContext, entityId: EntityId): OptionDraft {
  const name = ctx.name(entityId)
  const latest = ctx.latestMention(entityId)
  const description = latest === undefined ? null : ctx.describe(latest)
  if (latest === undefined || description === null) {
    return { text: name, feedback: `Not ${name}: the story records no such development for ${name}.` }
  }
  return {
    text: name,
    feedback: `Not ${name}. What the story records about ${name}: ${factWithCitation(latest, description)}`,
    eventIds: [latest.eventId],
  }
}

function entityDistractors(
  ctx: TemplateContext,
  keyId: EntityId,
  exclude: ReadonlySet<EntityId>,
  isAlsoTrue: (id: EntityId) => boolean,
  preferIds: readonly EntityId[] = [],
): OptionDraft[] {
  const kind = ctx.facts.entities.get(keyId)?.kind
  if (kind === undefined) return []
  const ids = [...preferIds, ...ctx.entitiesOfKind(kind).map((e) => e.entityId)]
  const seen = new Set<EntityId>()
  const drafts: OptionDraft[] = []
  for (const id of ids) {
    if (seen.has(id) || id === keyId || exclude.has(id) || !ctx.facts.entities.has(id) || isAlsoTrue(id))
      continue
    seen.add(id)
    drafts.push(entityFeedback(ctx, id))
  }
  return drafts
}

function choice(
  ctx: TemplateContext,
  development: Development,
  fields: Omit<ChoiceDraft, 'generalFeedback' | 'eventIds' | 'ordering'> & {
    ordering?: ChoiceDraft['ordering']
  },
): ChoiceDraft {
  return {
    ordering: 'shuffle',
    generalFeedback: general(ctx, development),
    eventIds: [development.eventId, ...fields.distractors.flatMap((d) => d.eventIds ?? [])],
    ...fields,
  }
}

function byId(ctx: TemplateContext, anchor: string): Development | undefined {
  return ctx.facts.byId.get(anchor.split('@')[0]!)
}

// who -----------------------------------------------------------------------------------------------------

interface WhoSpec {
  keyId: EntityId
  stem: string
  isAlsoTrue: (id: EntityId) => boolean
}

function whoSpec(ctx: TemplateContext, development: Development): WhoSpec | null {
  const { event } = development
  const when = onDate(development.occurredOn)
  const kindOf = (id: EntityId) => ctx.facts.entities.get(id)?.kind
  const which = (id: EntityId) => {
    const kind = kindOf(id)
    return kind === undefined ? null : whichOf(kind)
  }
  switch (event.type) {
    case 'BidRejected': {
      const { bidderId, rejectedById } = event.data
      return {
        keyId: bidderId,
        stem: `Whose bid did ${ctx.name(rejectedById)} reject ${when}?`,
        isAlsoTrue: (id) =>
          ctx
            .ofType('BidRejected')
            .some((d) => d.event.data.bidderId === id && d.event.data.rejectedById === rejectedById),
      }
    }
    case 'PartnerSelected': {
      const { partnerId, selectedById, role } = event.data
      const asking = which(partnerId)
      if (asking === null) return null
      return {
        keyId: partnerId,
        stem: `${asking} did ${ctx.name(selectedById)} choose as its ${role} ${when}?`,
        isAlsoTrue: (id) =>
          ctx
            .ofType('PartnerSelected')
            .some(
              (d) =>
                d.event.data.partnerId === id &&
                d.event.data.selectedById === selectedById &&
                d.event.data.role === role,
            ),
      }
    }
    case 'BidMade': {
      const { bidderId, targetId } = event.data
      const asking = which(bidderId)
      if (asking === null) return null
      return {
        keyId: bidderId,
        stem: `${asking} made a bid${targetId === undefined ? '' : ` for ${ctx.name(targetId)}`} ${when}?`,
        isAlsoTrue: (id) =>
          ctx
            .ofType('BidMade')
            .some((d) => d.event.data.bidderId === id || (d.event.data.partnerIds ?? []).includes(id)),
      }
    }
    case 'BidWithdrawn': {
      const asking = which(event.data.bidderId)
      if (asking === null) return null
      return {
        keyId: event.data.bidderId,
        stem: `${asking} withdrew its bid ${when}?`,
        isAlsoTrue: (id) => ctx.ofType('BidWithdrawn').some((d) => d.event.data.bidderId === id),
      }
    }
    case 'InterestExpressed': {
      const { partyId, targetId } = event.data
      const asking = which(partyId)
      if (asking === null) return null
      return {
        keyId: partyId,
        stem: `${asking} expressed interest in ${targetId === undefined ? 'a deal' : ctx.name(targetId)} ${when}?`,
        isAlsoTrue: (id) =>
          ctx.ofType('InterestExpressed').some((d) => d.event.data.partyId === id) ||
          ctx
            .ofType('BidMade')
            .some((d) => d.event.data.bidderId === id || (d.event.data.partnerIds ?? []).includes(id)),
      }
    }
    case 'GovernmentActionTaken': {
      const { actorId, title } = event.data
      const asking = which(actorId)
      const description = ctx.describe(development)
      if (asking === null || description === null) return null
      const predicate = description.slice(ctx.name(actorId).length).trim()
      return {
        keyId: actorId,
        stem: `${asking} ${predicate} ${when}?`,
        isAlsoTrue: (id) =>
          ctx
            .ofType('GovernmentActionTaken')
            .some((d) => d.event.data.actorId === id && d.event.data.title === title),
      }
    }
    case 'DealBlocked': {
      const asking = which(event.data.blockedById)
      if (asking === null) return null
      return {
        keyId: event.data.blockedById,
        stem: `${asking} blocked the deal ${when}?`,
        isAlsoTrue: (id) => ctx.ofType('DealBlocked').some((d) => d.event.data.blockedById === id),
      }
    }
    default:
      return null
  }
}

const WHO_TYPES = [
  'BidRejected',
  'PartnerSelected',
  'BidMade',
  'BidWithdrawn',
  'InterestExpressed',
  'GovernmentActionTaken',
  'DealBlocked',
] as const

const whoActor: Template = {
  id: 'who.actor',
  version: 1,
  kind: 'who',
  difficulty: 'easy',
  anchors: (ctx) => WHO_TYPES.flatMap((type) => ctx.ofType(type).map((d) => d.eventId)),
  build(ctx, anchor, random, options) {
    const development = byId(ctx, anchor)
    if (development === undefined) return null
    const spec = whoSpec(ctx, development)
    if (spec === null || !ctx.facts.entities.has(spec.keyId)) return null
    const key = { text: ctx.name(spec.keyId), feedback: right(ctx, development) }
    const candidates = entityDistractors(ctx, spec.keyId, new Set(development.actors), spec.isAlsoTrue)
    const distractors = pickDistractors(key, candidates, random, options)
    if (distractors === null) return null
    return choice(ctx, development, { kind: 'who', stem: spec.stem, key, distractors })
  },
}

// what ----------------------------------------------------------------------------------------------------

const WHAT_TYPES = [
  'InterestExpressed',
  'BidMade',
  'BidRejected',
  'BidWithdrawn',
  'PartnerSelected',
  'GovernmentActionTaken',
  'DealBlocked',
  'DealSigned',
  'DealClosed',
  'StatementMade',
] as const

/** "What did ByteDance do on 13 September 2020?" The options are things the story says happened, to the actor or to others. */
const whatAction: Template = {
  id: 'what.action-on-day',
  version: 1,
  kind: 'what',
  difficulty: 'medium',
  anchors: (ctx) =>
    WHAT_TYPES.flatMap((type) =>
      ctx
        .ofType(type)
        .filter((d) => d.day !== null && (ctx.describe(d)?.length ?? 999) <= 160)
        .map((d) => d.eventId),
    ),
  build(ctx, anchor, random, options) {
    const development = byId(ctx, anchor)
    const actorId = development?.actors[0]
    if (development === undefined || development.day === null || actorId === undefined) return null
    const description = ctx.describe(development)
    const actorName = ctx.name(actorId)
    if (description === null || !description.startsWith(actorName) || !ctx.facts.entities.has(actorId))
      return null
    const day = development.day
    // What the actor did on that day, by any account: none of it may be offered as a wrong answer.
    const sameDay = new Set<string>()
    for (const other of ctx.facts.developments) {
      const range = other.occurredOn === 'unknown' ? null : dayRangeOf(other.occurredOn)
      if (range !== null && range.first <= day && day <= range.last) {
        const text = ctx.describe(other)
        if (text !== null) sameDay.add(text)
      }
    }
    const candidates: OptionDraft[] = []
    for (const other of ctx.facts.developments) {
      if (other.eventId === development.eventId) continue
      const otherActor = other.actors[0]
      if (otherActor === undefined || !WHAT_TYPES.includes(other.event.type as (typeof WHAT_TYPES)[number]))
        continue
      // Words are never put in someone else's mouth: only the actor's own statements are offered.
      if (other.event.type === 'StatementMade' && otherActor !== actorId) continue
      const real = ctx.describe(other)
      if (real === null || real.length > 160) continue
      // The actor's own deeds of other days teach when they happened; others' deeds are put in the actor's mouth.
      const text =
        otherActor === actorId
          ? real
          : describeEvent(other.event, (id) => (id === otherActor ? actorName : ctx.name(id)))
      if (text === null || sameDay.has(text) || ctx.descriptions.has(text) !== (otherActor === actorId))
        continue
      if (other.actors.slice(1).includes(actorId)) continue
      candidates.push({
        text: sentence(text),
        feedback:
          otherActor === actorId
            ? `Not on that day. ${factWithCitation(other, real)}`
            : `No: that was ${ctx.name(otherActor)}, not ${actorName}. ${factWithCitation(other, real)}`,
        eventIds: [other.eventId],
      })
    }
    const key = { text: sentence(description), feedback: right(ctx, development) }
    const distractors = pickDistractors(key, candidates, random, options)
    if (distractors === null) return null
    return choice(ctx, development, {
      kind: 'what',
      stem: `What did ${actorName} do on ${dateInWords(day)}?`,
      key,
      distractors,
    })
  },
}

// numeric -------------------------------------------------------------------------------------------------

interface NumericSpec {
  stem: string
  value: number
  format: (n: number) => string
  /** Other values of the same measure in the story, with what they were. */
  others: { value: number; development: Development; what: string }[]
}

/** Values around the key that keep its roundness, so that the key is neither the only round number nor always in the middle. */
function syntheticValues(key: number): number[] {
  const magnitude = 10 ** Math.floor(Math.log10(key))
  const step =
    key % 5 === 0 && key >= 20
      ? Math.max(5, Math.round(key / 3 / 5) * 5)
      : key >= 10
        ? magnitude / 2
        : key >= 1
          ? 1
          : magnitude
  const values = [key - 2 * step, key - step, key + step, key + 2 * step, key * 2, key / 2]
  return values.filter((v) => v > 0 && v !== key).map((v) => Math.round(v * 100) / 100)
}

function numericDraft(
  ctx: TemplateContext,
  development: Development,
  spec: NumericSpec,
  random: SeededRandom,
  options: BuildOptions,
): ChoiceDraft | null {
  const keyText = spec.format(spec.value)
  const key: OptionDraft = { text: keyText, feedback: right(ctx, development), value: spec.value }
  const fromLog = spec.others
    .filter((o) => o.value !== spec.value)
    .map((o) => ({
      text: spec.format(o.value),
      value: o.value,
      feedback: `No: ${spec.format(o.value)} was ${o.what}. ${factWithCitation(o.development, ctx.describe(o.development) ?? '')}`,
      eventIds: [o.development.eventId],
    }))
  const synthetic = syntheticValues(spec.value).map((v) => ({
    text: spec.format(v),
    value: v,
    feedback: `No: the figure was ${keyText}. ${general(ctx, development)}`,
  }))
  // How many distractors go below the key: drawn, so the key's place among the sorted options tells nothing.
  const below = random.below(3)
  const lower = [...fromLog, ...random.shuffle(synthetic)].filter((o) => o.value < spec.value)
  const higher = [...fromLog, ...random.shuffle(synthetic)].filter((o) => o.value > spec.value)
  const ordered = [
    ...lower.slice(0, below),
    ...higher.slice(0, 2 - below),
    ...lower.slice(below),
    ...higher.slice(2 - below),
  ]
  const distractors = pickDistractors(key, ordered, { ...random, shuffle: (items) => [...items] }, options)
  if (distractors === null) return null
  return choice(ctx, development, {
    kind: 'numeric',
    stem: spec.stem,
    key,
    distractors,
    ordering: 'ascending',
  })
}

const percent = (n: number) => `${n}%`

function numericSpec(
  ctx: TemplateContext,
  development: Development,
  part: string | undefined,
): NumericSpec | null {
  const { event } = development
  const when = onDate(development.occurredOn)
  const days = (n: number) => countOf(n, 'day')
  switch (event.type) {
    case 'DeadlineSet': {
      if (event.data.durationDays === undefined) return null
      return {
        stem:
          sentence(`${ctx.name(event.data.setById)} set a deadline ${when} for ${event.data.description}`) +
          ' How many days did it allow?',
        value: event.data.durationDays,
        format: days,
        others: (ctx.ofType('DeadlineSet') as Dev<'DeadlineSet'>[])
          .filter((d) => d.event.data.durationDays !== undefined && d.eventId !== development.eventId)
          .map((d) => ({
            value: d.event.data.durationDays!,
            development: d,
            what: `the time allowed for ${d.event.data.description}`,
          })),
      }
    }
    case 'DeadlineExtended': {
      if (event.data.byDays === undefined) return null
      const set = ctx.ofType('DeadlineSet').find((d) => d.event.data.deadlineId === event.data.deadlineId)
      if (set === undefined) return null
      return {
        stem: `By how many days did ${ctx.name(event.data.extendedById)} extend the deadline for ${set.event.data.description} ${when}?`,
        value: event.data.byDays,
        format: days,
        others:
          set.event.data.durationDays === undefined
            ? []
            : [{ value: set.event.data.durationDays, development: set, what: 'the time first allowed' }],
      }
    }
    case 'BidMade': {
      const amount = event.data.amount
      if (amount === undefined) return null
      return {
        stem: `How much was ${possessive(ctx.name(event.data.bidderId))} bid${event.data.targetId === undefined ? '' : ` for ${ctx.name(event.data.targetId)}`}, made ${when}?`,
        value: amount.amount,
        format: (n) => moneyInWords({ ...amount, amount: n }),
        others: (ctx.ofType('BidMade') as Dev<'BidMade'>[])
          .filter(
            (d) => d.eventId !== development.eventId && d.event.data.amount?.currency === amount.currency,
          )
          .map((d) => ({
            value: d.event.data.amount!.amount,
            development: d,
            what: `the bid made ${onDate(d.occurredOn)}`,
          })),
      }
    }
    case 'DealAnnounced': {
      if (part === undefined) {
        const value = event.data.value
        if (value === undefined) return null
        return {
          stem: `What was the deal announced ${when} by ${ctx.describe(development)?.replace(/ announced a deal$/, '')} worth?`,
          value: value.amount,
          format: (n) => moneyInWords({ ...value, amount: n }),
          others: [],
        }
      }
      const stake = event.data.stakes?.find((s) => s.holderId === part)
      if (stake === undefined) return null
      return {
        stem: `What stake was ${ctx.name(stake.holderId)} to take in the deal announced ${when}?`,
        value: stake.percent,
        format: percent,
        others: (event.data.stakes ?? [])
          .filter((s) => s.holderId !== part)
          .map((s) => ({ value: s.percent, development, what: `${possessive(ctx.name(s.holderId))} stake` })),
      }
    }
    default:
      return null
  }
}

const numericFigure: Template = {
  id: 'numeric.figure',
  version: 1,
  kind: 'numeric',
  difficulty: 'medium',
  anchors: (ctx) => [
    ...ctx
      .ofType('DeadlineSet')
      .filter((d) => d.event.data.durationDays !== undefined)
      .map((d) => d.eventId),
    ...ctx
      .ofType('DeadlineExtended')
      .filter((d) => d.event.data.byDays !== undefined)
      .map((d) => d.eventId),
    ...ctx
      .ofType('BidMade')
      .filter((d) => d.event.data.amount !== undefined)
      .map((d) => d.eventId),
    ...ctx
      .ofType('DealAnnounced')
      .flatMap((d) => [
        ...(d.event.data.value === undefined ? [] : [d.eventId]),
        ...(d.event.data.stakes ?? [])
          .filter((s) => ctx.facts.entities.has(s.holderId))
          .map((s) => `${d.eventId}@${s.holderId}`),
      ]),
  ],
  build(ctx, anchor, random, options) {
    const development = byId(ctx, anchor)
    if (development === undefined) return null
    const spec = numericSpec(ctx, development, anchor.split('@')[1])
    return spec === null ? null : numericDraft(ctx, development, spec, random, options)
  },
}

// quote attribution ---------------------------------------------------------------------------------------

const quoteSpeaker: Template = {
  id: 'quote.speaker',
  version: 1,
  kind: 'quote_attribution',
  difficulty: 'medium',
  anchors: (ctx) =>
    ctx
      .ofType('StatementMade')
      .filter((d) => !d.event.data.paraphrased && d.event.data.quote.length <= 300)
      .map((d) => d.eventId),
  build(ctx, anchor, random, options) {
    const development = byId(ctx, anchor) as Dev<'StatementMade'> | undefined
    if (development === undefined || development.event.type !== 'StatementMade') return null
    const { speakerId, quote } = development.event.data
    if (!ctx.facts.entities.has(speakerId)) return null
    const saidIt = (id: EntityId) =>
      ctx.ofType('StatementMade').some((d) => d.event.data.speakerId === id && d.event.data.quote === quote)
    const otherSpeakers = ctx.ofType('StatementMade').map((d) => d.event.data.speakerId)
    const key = { text: ctx.name(speakerId), feedback: right(ctx, development) }
    const candidates = entityDistractors(ctx, speakerId, new Set(development.actors), saidIt, otherSpeakers)
    // Other speakers of any kind are plausible too: a company and its chief executive both make statements.
    const extra = otherSpeakers
      .filter((id) => !development.actors.includes(id) && !saidIt(id) && ctx.facts.entities.has(id))
      .map((id) => entityFeedback(ctx, id))
    const distractors = pickDistractors(key, [...candidates, ...extra], random, options)
    if (distractors === null) return null
    return choice(ctx, development, {
      kind: 'quote_attribution',
      stem: `Who said this ${onDate(development.occurredOn)}: ${quoted(quote)}?`,
      key,
      distractors,
    })
  },
}

// source attribution --------------------------------------------------------------------------------------

const sourceOutlet: Template = {
  id: 'source.outlet',
  version: 1,
  kind: 'source_attribution',
  difficulty: 'hard',
  anchors: (ctx) =>
    ctx.facts.developments
      .filter((d) => d.sources.length > 0 && ctx.describe(d) !== null)
      .map((d) => d.eventId),
  build(ctx, anchor, random, options) {
    const development = byId(ctx, anchor)
    const description = development === undefined ? null : ctx.describe(development)
    if (development === undefined || description === null) return null
    const source = development.sources[random.below(development.sources.length)]
    if (source === undefined) return null
    const reportedIt = ctx.outletsOf(description)
    const key = { text: source.outlet, feedback: `Right. ${citation(development.sources)}` }
    const candidates = ctx.outlets
      .filter((outlet) => !reportedIt.has(outlet))
      .map((outlet) => ({
        text: outlet,
        feedback: `No: the story has no report of this by ${outlet}. ${citation(development.sources)}`,
      }))
    const distractors = pickDistractors(key, candidates, random, options)
    if (distractors === null) return null
    return choice(ctx, development, {
      kind: 'source_attribution',
      stem: `${sentence(`${whenOf(development)}, ${description}`)} Which of these reported it?`,
      key,
      distractors,
    })
  },
}

// true / false --------------------------------------------------------------------------------------------

const trueFalse: Template = {
  id: 'true-false.swap',
  version: 1,
  kind: 'true_false',
  difficulty: 'easy',
  anchors: (ctx) =>
    ctx.facts.developments
      .filter((d) => d.actors.length > 0 && (ctx.describe(d)?.length ?? 999) <= 200)
      .map((d) => d.eventId),
  build(ctx, anchor, random) {
    const development = byId(ctx, anchor)
    const description = development === undefined ? null : ctx.describe(development)
    if (development === undefined || description === null) return null
    const fact = factWithCitation(development, description)
    const swapped = random.next() < 0.5 ? swapOne(ctx, development, random) : null
    const statement = swapped?.text ?? description
    const stem = `True or false? ${sentence(`${whenOf(development)}, ${statement}`)}`
    const base = {
      kind: 'true_false' as const,
      stem,
      ordering: 'fixed' as const,
      generalFeedback: fact,
      eventIds: [development.eventId],
    }
    if (swapped === null) {
      return {
        ...base,
        key: { text: 'True', feedback: `Right. ${fact}` },
        distractors: [{ text: 'False', feedback: `No, it is true. ${fact}` }],
      }
    }
    const correction = `it was ${swapped.real}, not ${swapped.fake}`
    return {
      ...base,
      key: { text: 'False', feedback: `Right: ${correction}. ${fact}` },
      distractors: [{ text: 'True', feedback: `No: ${correction}. ${fact}` }],
    }
  },
}

/** The description with one entity swapped for another of its kind, when the result is provably false. */
function swapOne(ctx: TemplateContext, development: Development, random: SeededRandom) {
  for (const actor of random.shuffle(development.actors)) {
    const kind = ctx.facts.entities.get(actor)?.kind
    if (kind === undefined) continue
    for (const other of random.shuffle(ctx.entitiesOfKind(kind))) {
      if (development.actors.includes(other.entityId)) continue
      const text = describeEvent(development.event, (id) => (id === actor ? other.name : ctx.name(id)))
      if (text !== null && !ctx.descriptions.has(text))
        return { text, real: ctx.name(actor), fake: other.name }
    }
  }
  return null
}

// chronology ----------------------------------------------------------------------------------------------

const CHRONOLOGY_PREFIX = 'events:'

const chronology: Template = {
  id: 'chronology.developments',
  version: 1,
  kind: 'chronology',
  difficulty: 'hard',
  anchors(ctx, random) {
    const byDay = new Map<CalendarDay, Development[]>()
    for (const d of ctx.facts.developments) {
      if (d.day === null || (ctx.describe(d)?.length ?? 999) > 160) continue
      const list = byDay.get(d.day)
      if (list === undefined) byDay.set(d.day, [d])
      else list.push(d)
    }
    const days = [...byDay.keys()]
    if (days.length < 3) return []
    const anchors: string[] = []
    for (let i = 0; i < Math.min(12, Math.floor(days.length / 3) + 1); i++) {
      const size = Math.min(days.length, 3 + random.below(3))
      const chosen = random.shuffle(days).slice(0, size)
      const ids = chosen.map((day) => {
        const list = byDay.get(day)!
        return list[random.below(list.length)]!.eventId
      })
      anchors.push(CHRONOLOGY_PREFIX + ids.join('+'))
    }
    return anchors
  },
  build(ctx, anchor) {
    if (!anchor.startsWith(CHRONOLOGY_PREFIX)) return null
    const developments = anchor
      .slice(CHRONOLOGY_PREFIX.length)
      .split('+')
      .map((id) => ctx.facts.byId.get(id))
    if (developments.some((d) => d === undefined || d.day === null)) return null
    const ordered = (developments as Development[]).slice().sort((a, b) => (a.day! < b.day! ? -1 : 1))
    if (
      new Set(ordered.map((d) => d.day)).size !== ordered.length ||
      ordered.length < 3 ||
      ordered.length > 5
    )
      return null
    const items: OptionDraft[] = []
    for (const d of ordered) {
      const description = ctx.describe(d)
      if (description === null) return null
      items.push({ text: sentence(description), feedback: factWithCitation(d, description) })
    }
    return {
      kind: 'chronology',
      stem: 'Put these developments in the order they happened, earliest first.',
      items,
      generalFeedback: ordered.map((d) => `${dateInWords(d.day!)}: ${sentence(ctx.describe(d)!)}`).join(' '),
      eventIds: ordered.map((d) => d.eventId),
    }
  },
}

// as of ---------------------------------------------------------------------------------------------------

/** The partner a selector had chosen for a role as of a day: the latest such selection by then. */
function partnerAsOf(ctx: TemplateContext, selectedById: EntityId, role: string, day: CalendarDay) {
  let current: Dev<'PartnerSelected'> | undefined
  for (const d of ctx.ofType('PartnerSelected')) {
    if (d.event.data.selectedById === selectedById && d.event.data.role === role && d.knownBy <= day)
      current = d
  }
  return current
}

const asOfPartner: Template = {
  id: 'as-of.partner',
  version: 1,
  kind: 'as_of',
  difficulty: 'medium',
  anchors: (ctx) =>
    ctx.ofType('PartnerSelected').flatMap((d) => {
      const later = ctx.days.filter((day) => day > d.knownBy)
      const days = [d.knownBy, ...(later.length > 0 ? [later[later.length - 1]!] : [])]
      return days.map((day) => `${d.eventId}@${day}`)
    }),
  build(ctx, anchor, random, options) {
    const development = byId(ctx, anchor) as Dev<'PartnerSelected'> | undefined
    const day = anchor.split('@')[1]
    if (development === undefined || development.event.type !== 'PartnerSelected' || day === undefined)
      return null
    const { partnerId, selectedById, role } = development.event.data
    const current = partnerAsOf(ctx, selectedById, role, day)
    const kind = ctx.facts.entities.get(partnerId)?.kind
    if (current?.eventId !== development.eventId || kind === undefined) return null
    const wasPartner = (id: EntityId) =>
      ctx
        .ofType('PartnerSelected')
        .filter(
          (d) =>
            d.event.data.partnerId === id &&
            d.event.data.selectedById === selectedById &&
            d.event.data.role === role,
        )
    const suitors = [
      ...ctx.ofType('BidMade').map((d) => d.event.data.bidderId),
      ...ctx.ofType('InterestExpressed').map((d) => d.event.data.partyId),
    ]
    const candidates = entityDistractors(ctx, partnerId, new Set([selectedById]), () => false, suitors).map(
      (draft) => {
        const id = [...ctx.facts.entities.values()].find((e) => e.name === draft.text)?.entityId
        const times = id === undefined ? [] : wasPartner(id)
        const other = times.find((d) => d.knownBy !== current.knownBy) ?? times[0]
        if (other === undefined) return draft
        const when = other.knownBy < day ? 'Earlier' : 'Later'
        return {
          ...draft,
          feedback: `${when}, not on ${dateInWords(day)}: ${factWithCitation(other, ctx.describe(other) ?? '')}`,
          eventIds: [other.eventId],
        }
      },
    )
    const key = { text: ctx.name(partnerId), feedback: right(ctx, development) }
    const distractors = pickDistractors(key, candidates, random, options)
    if (distractors === null) return null
    return choice(ctx, development, {
      kind: 'as_of',
      stem: `As of ${dateInWords(day)}, which ${kindNoun(kind)} had ${ctx.name(selectedById)} chosen as its ${role}?`,
      key,
      distractors,
    })
  },
}

type BidStatus = 'open' | 'rejected' | 'withdrawn'

const asOfBidStatus: Template = {
  id: 'as-of.bid-status',
  version: 1,
  kind: 'as_of',
  difficulty: 'medium',
  anchors: (ctx) =>
    ctx.ofType('BidMade').flatMap((bid) => {
      if (bid.day === null) return []
      const end = bidEnds(ctx, bid)[0]
      // While open: the last day of the story before it ended (the day of the bid itself would ask nothing).
      const openDays = ctx.days.filter((day) => day > bid.day! && (end === undefined || day < end.knownBy))
      const days = [...openDays.slice(-1), ...(end?.day == null ? [] : [end.day])]
      return days.map((day) => `${bid.eventId}@${day}`)
    }),
  build(ctx, anchor, random) {
    const bid = byId(ctx, anchor) as Dev<'BidMade'> | undefined
    const day = anchor.split('@')[1]
    if (bid === undefined || bid.event.type !== 'BidMade' || bid.day === null || day === undefined)
      return null
    const ends = bidEnds(ctx, bid)
    const end = ends[0]
    const status: BidStatus =
      end === undefined || end.knownBy > day
        ? 'open'
        : end.event.type === 'BidRejected'
          ? 'rejected'
          : 'withdrawn'
    const bidder = ctx.name(bid.event.data.bidderId)
    const texts: Record<BidStatus, string> = {
      open: 'It was still open',
      rejected: 'It had been rejected',
      withdrawn: `${bidder} had withdrawn it`,
    }
    const endFact = end === undefined ? '' : ` ${factWithCitation(end, ctx.describe(end) ?? '')}`
    const feedbackFor = (s: BidStatus): string => {
      if (s === status) return `Right.${status === 'open' ? ` ${general(ctx, bid)}` : endFact}`
      if (s === 'open') return `No: it was open only until ${dateInWords(end!.knownBy)}.${endFact}`
      if (
        end !== undefined &&
        end.knownBy > day &&
        end.event.type === (s === 'rejected' ? 'BidRejected' : 'BidWithdrawn')
      )
        return `Not yet on ${dateInWords(day)}: that came later.${endFact}`
      return `No: nothing in the story says so by ${dateInWords(day)}. ${general(ctx, bid)}`
    }
    const options = (['open', 'rejected', 'withdrawn'] as const).map((s) => ({
      text: texts[s],
      feedback: feedbackFor(s),
      ...(end !== undefined && s !== status ? { eventIds: [end.eventId] } : {}),
    }))
    const key = options[(['open', 'rejected', 'withdrawn'] as const).indexOf(status)]!
    const target = bid.event.data.targetId === undefined ? '' : ` for ${ctx.name(bid.event.data.targetId)}`
    return choice(ctx, bid, {
      kind: 'as_of',
      stem: `As of ${dateInWords(day)}, where did ${possessive(bidder)} bid${target} (made ${onDate(bid.occurredOn)}) stand?`,
      key,
      distractors: random.shuffle(options.filter((o) => o !== key)),
    })
  },
}

/** The rejections and withdrawals that ended a bid: the bidder's next ones after it, before any new bid. */
function bidEnds(ctx: TemplateContext, bid: Dev<'BidMade'>) {
  const bidder = bid.event.data.bidderId
  const nextBid = ctx
    .ofType('BidMade')
    .find((d) => d.event.data.bidderId === bidder && d.knownBy > bid.knownBy)
  return [...ctx.ofType('BidRejected'), ...ctx.ofType('BidWithdrawn')]
    .filter(
      (d) =>
        d.event.data.bidderId === bidder &&
        d.knownBy >= bid.knownBy &&
        (nextBid === undefined || d.knownBy < nextBid.knownBy),
    )
    .filter((d) => d.position > bid.position || d.knownBy > bid.knownBy)
    .sort((a, b) => (a.knownBy < b.knownBy ? -1 : a.knownBy > b.knownBy ? 1 : a.position - b.position))
}

interface DueChange {
  dueOn: CalendarDay
  development: Development
}

/** The due dates a deadline has had, in order: as set, then after each extension. */
function dueHistory(ctx: TemplateContext, set: Dev<'DeadlineSet'>): DueChange[] | null {
  const start = set.event.data.startsOn ?? set.day
  const first =
    set.event.data.dueOn ??
    (start !== null && set.event.data.durationDays !== undefined
      ? addDays(start, set.event.data.durationDays)
      : null)
  if (first === null) return null
  const history: DueChange[] = [{ dueOn: first, development: set }]
  for (const ext of ctx.ofType('DeadlineExtended')) {
    if (ext.event.data.deadlineId !== set.event.data.deadlineId || ext.knownBy < set.knownBy) continue
    const previous = history[history.length - 1]!.dueOn
    const dueOn = ext.event.data.newDueOn ?? addDays(previous, ext.event.data.byDays!)
    history.push({ dueOn, development: ext })
  }
  return history
}

const asOfDeadline: Template = {
  id: 'as-of.deadline',
  version: 1,
  kind: 'as_of',
  difficulty: 'medium',
  anchors: (ctx) =>
    ctx.ofType('DeadlineSet').flatMap((set) => {
      const history = dueHistory(ctx, set)
      if (history === null || set.day === null) return []
      return history.map((h) => `${set.eventId}@${h.development.knownBy}`)
    }),
  build(ctx, anchor, random, options) {
    const set = byId(ctx, anchor) as Dev<'DeadlineSet'> | undefined
    const day = anchor.split('@')[1]
    if (set === undefined || set.event.type !== 'DeadlineSet' || day === undefined || day < set.knownBy)
      return null
    const history = dueHistory(ctx, set)
    if (history === null) return null
    const currentIndex = history.reduce((at, h, i) => (h.development.knownBy <= day ? i : at), 0)
    const current = history[currentIndex]!
    const key: OptionDraft = {
      text: dateInWords(current.dueOn),
      value: dayNumber(current.dueOn),
      feedback: `Right. ${factWithCitation(current.development, ctx.describe(current.development) ?? '')}`,
    }
    const fromHistory = history
      .filter((h) => h.dueOn !== current.dueOn)
      .map((h) => ({
        text: dateInWords(h.dueOn),
        value: dayNumber(h.dueOn),
        feedback: `${h.development.knownBy <= day ? 'No longer' : 'Not yet'} on ${dateInWords(day)}: it was the due date from ${dateInWords(
          h.development.knownBy,
        )}. ${factWithCitation(h.development, ctx.describe(h.development) ?? '')}`,
        eventIds: [h.development.eventId],
      }))
    const synthetic = [-14, -7, 7, 14, 30].map((offset) => {
      const dueOn = addDays(current.dueOn, offset)
      return {
        text: dateInWords(dueOn),
        value: dayNumber(dueOn),
        feedback: `No: it was due on ${dateInWords(current.dueOn)}. ${general(ctx, set)}`,
      }
    })
    const distractors = pickDistractors(
      key,
      [...fromHistory, ...random.shuffle(synthetic)],
      { ...random, shuffle: (items) => [...items] },
      options,
    )
    if (distractors === null) return null
    return {
      kind: 'as_of',
      stem: `As of ${dateInWords(day)}, by what date was ${set.event.data.description}?`,
      key,
      distractors,
      ordering: 'ascending',
      generalFeedback: history
        .map((h) => factWithCitation(h.development, ctx.describe(h.development) ?? ''))
        .join(' '),
      eventIds: [set.eventId, ...history.slice(1).map((h) => h.development.eventId)],
    }
  },
}

// what changed --------------------------------------------------------------------------------------------

const whatChanged: Template = {
  id: 'what-changed.between',
  version: 1,
  kind: 'what_changed',
  difficulty: 'hard',
  anchors: (ctx) =>
    ctx.facts.developments
      .filter(
        (d) => d.day !== null && d.day > (ctx.days[0] ?? d.day) && (ctx.describe(d)?.length ?? 999) <= 160,
      )
      .map((d) => d.eventId),
  build(ctx, anchor, random, options) {
    const development = byId(ctx, anchor)
    const description = development === undefined ? null : ctx.describe(development)
    if (development === undefined || development.day === null || description === null) return null
    const day = development.day
    const before = ctx.days.filter((d) => d < day)
    const after = ctx.days.filter((d) => d >= day)
    const from = before[before.length - 1]
    if (from === undefined) return null
    const to = after[Math.min(after.length - 1, random.below(2))]!
    const inWindow = new Set<string>()
    for (const d of ctx.facts.developments) {
      if (d.occurredOn === 'unknown') continue
      const range = dayRangeOf(d.occurredOn)
      if (range.last > from && range.first <= to) inWindow.add(ctx.describe(d) ?? '')
    }
    const candidates: OptionDraft[] = []
    for (const d of ctx.facts.developments) {
      const text = ctx.describe(d)
      if (text === null || text.length > 160 || inWindow.has(text) || d.occurredOn === 'unknown') continue
      const range = dayRangeOf(d.occurredOn)
      const side = range.last <= from ? 'before' : range.first > to ? 'after' : null
      if (side === null) continue
      candidates.push({
        text: sentence(text),
        feedback: `No: that came ${side === 'before' ? 'earlier' : 'later'}. ${factWithCitation(d, text)}`,
        eventIds: [d.eventId],
      })
    }
    const key = { text: sentence(description), feedback: right(ctx, development) }
    const distractors = pickDistractors(key, candidates, random, options)
    if (distractors === null) return null
    return choice(ctx, development, {
      kind: 'what_changed',
      stem: `What changed between ${dateInWords(from)} and ${dateInWords(to)}? Choose what happened after the first date and by the second.`,
      key,
      distractors,
    })
  },
}

/** Every template, by kind. */
export const templates: readonly Template[] = [
  whoActor,
  whatAction,
  numericFigure,
  quoteSpeaker,
  sourceOutlet,
  trueFalse,
  chronology,
  asOfPartner,
  asOfBidStatus,
  asOfDeadline,
  whatChanged,
]

export function templateById(id: string): Template | undefined {
  return templates.find((t) => t.id === id)
}
