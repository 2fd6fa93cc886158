import type { CalendarDay, EntityId, Source, StoryEvent } from '@storyledger/core'
import { countOf, dateInWords, kindNoun, onDate, possessive, sentence, whichOf } from '../english.js'
import type { SeededRandom } from '../seeded-random.js'
import type { DevelopmentList, TemplateContext } from './context.js'
import { addDays, dayFromNumber, dayNumber } from './dates.js'
import {
  citation,
  describeEvent,
  factWithCitation,
  moneyInWords,
  quoted,
  reportingOutlet,
  whenOf,
} from './describe.js'
import type { BuildOptions, ChoiceDraft, OptionDraft, Template } from './drafts.js'
import { anchorList, anchorsOver, concatAnchors, pickDistractors, sampleCandidates } from './drafts.js'
import type { Development } from './facts.js'

type Dev<T extends StoryEvent['type']> = Development & { event: Extract<StoryEvent, { type: T }> }
type Ev<T extends StoryEvent['type']> = Extract<StoryEvent, { type: T }>

/**
 * A set of keys over every development of a type, built once per quiz: the closed-world lookups of the
 * templates ("did anyone else ever do this?").
 */
function setOf<T extends StoryEvent['type']>(
  ctx: TemplateContext,
  name: string,
  type: T,
  keys: (event: Ev<T>) => string | readonly string[],
): ReadonlySet<string> {
  return ctx.memo(`set:${name}`, () => {
    const set = new Set<string>()
    const list = ctx.ofType(type)
    for (let i = 0; i < list.length; i++) {
      const key = keys(list.event(i))
      if (typeof key === 'string') set.add(key)
      else for (const k of key) set.add(k)
    }
    return set
  })
}

const NO_VALUES: ReadonlySet<string> = new Set()

/**
 * The values of `value` over the developments of a type whose `key` is the one asked for: a closed-world
 * lookup ("who else ever said these very words?"). The first lookups under `name` scan the type comparing
 * keys (a quiz asks one or two); from the third, one scan groups every key's values, kept for the quiz and its
 * parallel forms. Either way the values come in story order.
 */
function valuesBy<T extends StoryEvent['type']>(
  ctx: TemplateContext,
  name: string,
  type: T,
  key: (event: Ev<T>) => string,
  value: (event: Ev<T>) => string,
): (wanted: string) => ReadonlySet<string> {
  const lookup = ctx.memo(`values:${name}`, () => ({
    lookups: 0,
    groups: undefined as Map<string, Set<string>> | undefined,
  }))
  return (wanted) => {
    const list = ctx.ofType(type)
    if (lookup.groups === undefined && ++lookup.lookups > 2) {
      const groups = new Map<string, Set<string>>()
      for (let i = 0; i < list.length; i++) {
        const event = list.event(i)
        const k = key(event)
        const values = groups.get(k)
        if (values === undefined) groups.set(k, new Set([value(event)]))
        else values.add(value(event))
      }
      lookup.groups = groups
    }
    if (lookup.groups !== undefined) return lookup.groups.get(wanted) ?? NO_VALUES
    const found = new Set<string>()
    for (let i = 0; i < list.length; i++) {
      const event = list.event(i)
      if (key(event) === wanted) found.add(value(event))
    }
    return found
  }
}

/** The values an event gives over a list (none when it gives undefined): a closed-world lookup. */
function valuesOf<D extends Development>(
  list: DevelopmentList<D>,
  value: (event: D['event']) => string | undefined,
): ReadonlySet<string> {
  const found = new Set<string>()
  for (let i = 0; i < list.length; i++) {
    const v = value(list.event(i))
    if (v !== undefined) found.add(v)
  }
  return found
}

/** The developments of a list whose events match, in story order: only those are made. */
function developmentsWhere<D extends Development>(
  list: DevelopmentList<D>,
  where: (event: D['event']) => boolean,
): D[] {
  const found: D[] = []
  for (let i = 0; i < list.length; i++) if (where(list.event(i))) found.push(list.at(i))
  return found
}

/** The first development of a list whose event matches: only that one is made. */
function firstWhere<D extends Development>(
  list: DevelopmentList<D>,
  where: (event: D['event']) => boolean,
): D | undefined {
  for (let i = 0; i < list.length; i++) if (where(list.event(i))) return list.at(i)
  return undefined
}

/**
 * The entities that acted first in developments of a type (bidders of bids, speakers of statements, blockers
 * of deals), as a set once per quiz: read from the facts' first-actor codes, not from the events.
 */
function actorSet(ctx: TemplateContext, type: StoryEvent['type']): ReadonlySet<EntityId> {
  return ctx.memo(`actors:${type}`, () => new Set(ctx.firstActorsOf(type)))
}

const MAX_OPTION_LENGTH = 160

/** An entity's name as an option stands alone: "The US government", "A source quoted by …". */
function asOption(name: string): string {
  return name.charAt(0).toUpperCase() + name.slice(1)
}

/** "on 13 September 2020", "in September 2020", or for an undated development "by 14 September 2020" (its report). */
function whenPhrase(development: Development): string {
  return development.occurredOn === 'unknown'
    ? `by ${dateInWords(development.knownBy)}`
    : onDate(development.occurredOn)
}

/** A deadline's description as an aside in brackets: no closing stop, a leading article in lower case. */
function aboutDeadline(description: string): string {
  return description.replace(/\.$/, '').replace(/^(The|A|An) /, (article) => article.toLowerCase())
}

/** The places of the developments of a type, grouped by a key of their events, in story order. */
function placesBy<T extends StoryEvent['type']>(
  ctx: TemplateContext,
  type: T,
  keyOf: (event: Ev<T>) => string,
): Map<string, number[]> {
  const groups = new Map<string, number[]>()
  const list = ctx.ofType(type)
  for (let i = 0; i < list.length; i++) {
    const key = keyOf(list.event(i))
    const group = groups.get(key)
    if (group === undefined) groups.set(key, [list.place(i)])
    else group.push(list.place(i))
  }
  return groups
}

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
    return {
      text: asOption(name),
      feedback: `Not ${name}: the story records no such development for ${name}.`,
    }
  }
  return {
    text: asOption(name),
    feedback: `Not ${name}. What the story records about ${name}: ${factWithCitation(latest, description)}`,
    eventIds: [ctx.idOf(latest)],
  }
}

function entityDistractors(
  ctx: TemplateContext,
  keyId: EntityId,
  exclude: ReadonlySet<EntityId>,
  isAlsoTrue: (id: EntityId) => boolean,
  random: SeededRandom,
  options: BuildOptions,
  moreIds: readonly EntityId[] = [],
): OptionDraft[] {
  const kind = ctx.facts.entities.get(keyId)?.kind
  if (kind === undefined) return []
  const eligible = new Set<EntityId>()
  for (const id of [...moreIds, ...ctx.entitiesOfKind(kind).map((e) => e.entityId)]) {
    if (id !== keyId && !exclude.has(id) && ctx.facts.entities.has(id) && !isAlsoTrue(id)) eligible.add(id)
  }
  // Feedback is written only for the few drawn: it looks up what the story says about each.
  return sampleCandidates([...eligible], random, options, (id) => entityFeedback(ctx, id), { enough: 4 })
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
    eventIds: [ctx.idOf(development), ...fields.distractors.flatMap((d) => d.eventIds ?? [])],
    ...fields,
  }
}

function byId(ctx: TemplateContext, anchor: string): Development | undefined {
  return ctx.development(anchor.split('@')[0]!)
}

// who -----------------------------------------------------------------------------------------------------

interface WhoSpec {
  keyId: EntityId
  stem: string
  isAlsoTrue: (id: EntityId) => boolean
}

function whoSpec(ctx: TemplateContext, development: Development): WhoSpec | null {
  const { event } = development
  const when = whenPhrase(development)
  const which = (id: EntityId) => {
    const kind = ctx.facts.entities.get(id)?.kind
    return kind === undefined ? null : whichOf(kind)
  }
  const bidders = () =>
    setOf(ctx, 'bidders', 'BidMade', (e) =>
      e.data.partnerIds === undefined ? e.data.bidderId : [e.data.bidderId, ...e.data.partnerIds],
    )
  switch (event.type) {
    case 'BidRejected': {
      const { bidderId, rejectedById } = event.data
      const rejected = valuesOf(ctx.ofTypeBy('BidRejected', rejectedById), (e) => e.data.bidderId)
      return {
        keyId: bidderId,
        stem: `Whose bid did ${ctx.name(rejectedById)} reject ${when}?`,
        isAlsoTrue: (id) => rejected.has(id),
      }
    }
    case 'PartnerSelected': {
      const { partnerId, selectedById, role } = event.data
      const asking = which(partnerId)
      if (asking === null) return null
      const chosen = valuesOf(ctx.ofTypeBy('PartnerSelected', selectedById), (e) =>
        e.data.role === role ? e.data.partnerId : undefined,
      )
      return {
        keyId: partnerId,
        stem: `${asking} did ${ctx.name(selectedById)} choose as its ${role} ${when}?`,
        isAlsoTrue: (id) => chosen.has(id),
      }
    }
    case 'BidMade': {
      const { bidderId, targetId } = event.data
      const asking = which(bidderId)
      if (asking === null) return null
      const all = bidders()
      return {
        keyId: bidderId,
        stem: `${asking} made a bid${targetId === undefined ? '' : ` for ${ctx.name(targetId)}`} ${when}?`,
        isAlsoTrue: (id) => all.has(id),
      }
    }
    case 'BidWithdrawn': {
      const asking = which(event.data.bidderId)
      if (asking === null) return null
      const withdrawn = actorSet(ctx, 'BidWithdrawn')
      return {
        keyId: event.data.bidderId,
        stem: `${asking} withdrew its bid ${when}?`,
        isAlsoTrue: (id) => withdrawn.has(id),
      }
    }
    case 'InterestExpressed': {
      const { partyId, targetId } = event.data
      const asking = which(partyId)
      if (asking === null) return null
      const interested = actorSet(ctx, 'InterestExpressed')
      const all = bidders()
      return {
        keyId: partyId,
        stem: `${asking} expressed interest in ${targetId === undefined ? 'a deal' : ctx.name(targetId)} ${when}?`,
        isAlsoTrue: (id) => interested.has(id) || all.has(id),
      }
    }
    case 'GovernmentActionTaken': {
      const { actorId, title } = event.data
      const asking = which(actorId)
      const description = ctx.describe(development)
      if (asking === null || description === null) return null
      const predicate = description.slice(ctx.name(actorId).length).trim()
      const actors = valuesBy(
        ctx,
        'actors of action',
        'GovernmentActionTaken',
        (e) => e.data.title,
        (e) => e.data.actorId,
      )(title)
      return {
        keyId: actorId,
        stem: `${asking} ${predicate} ${when}?`,
        isAlsoTrue: (id) => actors.has(id),
      }
    }
    case 'DealBlocked': {
      const asking = which(event.data.blockedById)
      if (asking === null) return null
      const blockers = actorSet(ctx, 'DealBlocked')
      return {
        keyId: event.data.blockedById,
        stem: `${asking} blocked the deal ${when}?`,
        isAlsoTrue: (id) => blockers.has(id),
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
  anchors: (ctx) => concatAnchors(WHO_TYPES.map((type) => anchorsOver(ctx.ofType(type), (d) => ctx.idOf(d)))),
  build(ctx, anchor, random, options) {
    const development = byId(ctx, anchor)
    if (development === undefined) return null
    const spec = whoSpec(ctx, development)
    if (spec === null || !ctx.facts.entities.has(spec.keyId)) return null
    const candidates = entityDistractors(
      ctx,
      spec.keyId,
      new Set(development.actors),
      spec.isAlsoTrue,
      random,
      options,
    )
    // Too few entities that provably did not do it: no question, and no feedback to write.
    if (candidates.length < 2) return null
    const key = { text: asOption(ctx.name(spec.keyId)), feedback: right(ctx, development) }
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
    concatAnchors(
      WHAT_TYPES.map((type) => anchorsOver(ctx.ofType(type), (d) => (d.day === null ? null : ctx.idOf(d)))),
    ),
  build(ctx, anchor, random, options) {
    const development = byId(ctx, anchor)
    const actorId = development?.actors[0]
    if (development === undefined || development.day === null || actorId === undefined) return null
    const description = ctx.describe(development)
    const actorName = ctx.name(actorId)
    if (
      description === null ||
      description.length > MAX_OPTION_LENGTH ||
      !description.startsWith(actorName) ||
      !ctx.facts.entities.has(actorId)
    )
      return null
    const day = development.day
    // What happened on that day, by any account: none of it may be offered as a wrong answer.
    // Compared one by one: a few candidates are checked against it, not worth hashing every description.
    const sameDay: string[] = []
    for (const place of ctx.during(day, day)) {
      const text = ctx.describeAt(place)
      if (text !== null) sameDay.push(text)
    }
    const candidates = sampleCandidates(
      ctx.all,
      random,
      options,
      (other) => {
        const otherActor = other.actors[0]
        if (other.eventId === development.eventId || otherActor === undefined) return null
        if (!(WHAT_TYPES as readonly string[]).includes(other.event.type)) return null
        // Words are never put in someone else's mouth: only the actor's own statements are offered.
        if (other.event.type === 'StatementMade' && otherActor !== actorId) return null
        if (other.actors.slice(1).includes(actorId)) return null
        const real = ctx.describe(other)
        if (real === null || real.length > MAX_OPTION_LENGTH) return null
        // The actor's own deeds of other days teach when they happened; others' deeds are put to the actor.
        const own = otherActor === actorId
        const text = own
          ? real
          : describeEvent(other.event, (id) => (id === otherActor ? actorName : ctx.name(id)))
        if (
          text === null ||
          sameDay.includes(text) ||
          (!own && ctx.isDescribed(text, other.event.type, actorId))
        )
          return null
        return {
          text: sentence(text),
          feedback: own
            ? `Not on that day. ${factWithCitation(other, real)}`
            : `No: that was ${ctx.name(otherActor)}, not ${actorName}. ${factWithCitation(other, real)}`,
          eventIds: [ctx.idOf(other)],
        }
      },
      { enough: 4, budget: 24 },
    )
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
  /** Other values of the same measure in the story, with what they were (written only for those offered). */
  others: { value: number; development: Development; what: () => string }[]
}

/** Values around the key that keep its roundness, so that the key is neither the only round number nor always in the middle. */
function syntheticValues(key: number): number[] {
  // A step from the 1–2–2.5–5 series near a third of the key: 45 → 10, 90 → 20, 12.5 → 2.5, $20 billion → $5 billion.
  const target = key / 3
  const magnitude = 10 ** Math.floor(Math.log10(target))
  const step = [5, 2.5, 2, 1].map((m) => m * magnitude).find((s) => s <= target) ?? magnitude
  const values = [key - 2 * step, key - step, key + step, key + 2 * step, key * 2, key / 2]
  return values.filter((v) => v > 0 && v !== key).map((v) => Math.round(v * 100) / 100)
}

/** The shortest start of `options` that holds `count` texts of their own (not the key's), or all of them. */
function prefixWithTexts(
  key: OptionDraft,
  options: readonly OptionDraft[],
  count: number,
): readonly OptionDraft[] {
  const seen = new Set([key.text.toLowerCase()])
  for (let i = 0; i < options.length; i++) {
    const folded = options[i]!.text.toLowerCase()
    if (seen.has(folded)) continue
    seen.add(folded)
    if (seen.size > count) return options.slice(0, i + 1)
  }
  return options
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
  // One development per value (the first): a long story repeats its figures, and only a few are offered.
  const byValue = new Map<number, NumericSpec['others'][number]>()
  for (const other of spec.others)
    if (other.value !== spec.value && !byValue.has(other.value)) byValue.set(other.value, other)
  // Text and feedback are written only for the options looked at: a long story has many figures.
  const fromLog = [...byValue.values()].map((other) => new FigureOfTheStory(ctx, spec, other))
  let told: string | undefined
  const wrong = () => {
    told ??= `No: the figure was ${keyText}. ${general(ctx, development)}`
    return told
  }
  const synthetic = syntheticValues(spec.value).map((v) => new MadeUpFigure(spec.format(v), v, wrong))
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
  // In that order, with no shuffle: the first two figures that read differently, or those a re-key prefers.
  const offered = options.prefer === undefined ? prefixWithTexts(key, ordered, 2) : ordered
  const distractors = pickDistractors(key, offered, { ...random, shuffle: (items) => [...items] }, options)
  if (distractors === null) return null
  return choice(ctx, development, {
    kind: 'numeric',
    stem: spec.stem,
    key,
    distractors,
    ordering: 'ascending',
  })
}

/**
 * Another figure of the story's, offered as a distractor: its text and feedback are written when looked at.
 * Classes rather than object literals with getters: each such literal would be a new hidden class that
 * holds on to the quiz until the next full collection.
 */
class FigureOfTheStory implements OptionDraft {
  readonly value: number
  private written: string | undefined
  constructor(
    private readonly ctx: TemplateContext,
    private readonly spec: NumericSpec,
    private readonly other: NumericSpec['others'][number],
  ) {
    this.value = other.value
  }
  get text(): string {
    this.written ??= this.spec.format(this.value)
    return this.written
  }
  get feedback(): string {
    const { ctx, other } = this
    return `No: ${this.spec.format(this.value)} was ${other.what()}. ${factWithCitation(other.development, ctx.describe(other.development) ?? '')}`
  }
  get eventIds(): readonly string[] {
    return [this.ctx.idOf(this.other.development)]
  }
}

/** A figure near the key that the story never gave, whose feedback (the same for all) is written when read. */
class MadeUpFigure implements OptionDraft {
  constructor(
    readonly text: string,
    readonly value: number,
    private readonly wrong: () => string,
  ) {}
  get feedback(): string {
    return this.wrong()
  }
}

const percent = (n: number) => `${n}%`

/**
 * The first development (other than `self`) with each value of a measure, in story order: a long story
 * repeats its figures, and the question offers one development per value.
 */
function firstPerValue<D extends Development>(
  ctx: TemplateContext,
  name: string,
  developments: DevelopmentList<D>,
  self: Development,
  measure: (event: D['event']) => number | undefined,
): { value: number; development: D }[] {
  // Each value's first two places, in story order, found once per quiz under `name`: a question leaves out
  // its own development, so a value it is the first of takes its next place, and its turn from there.
  const firsts = ctx.memo(`first-per-value:${name}`, () => {
    const byValue = new Map<number, { value: number; first: number; second: number }>()
    for (let i = 0; i < developments.length; i++) {
      const value = measure(developments.event(i))
      if (value === undefined) continue
      const known = byValue.get(value)
      if (known === undefined) byValue.set(value, { value, first: i, second: -1 })
      else if (known.second === -1) known.second = i
    }
    return [...byValue.values()]
  })
  const own = firsts.findIndex((f) => developments.place(f.first) === self.place)
  let indexes = firsts.map((f) => f.first)
  if (own !== -1) {
    const next = firsts[own]!.second
    indexes = indexes.filter((_, k) => k !== own)
    if (next !== -1) {
      const at = indexes.findIndex((i) => i > next)
      indexes.splice(at === -1 ? indexes.length : at, 0, next)
    }
  }
  return indexes.map((i) => ({ value: measure(developments.event(i))!, development: developments.at(i) }))
}

function numericSpec(
  ctx: TemplateContext,
  development: Development,
  part: string | undefined,
): NumericSpec | null {
  const { event } = development
  const when = whenPhrase(development)
  const days = (n: number) => countOf(n, 'day')
  switch (event.type) {
    case 'DeadlineSet': {
      if (event.data.durationDays === undefined) return null
      return {
        stem:
          `${sentence(`${ctx.name(event.data.setById)} set a deadline ${when} (${aboutDeadline(event.data.description)})`)} ` +
          'How many days did it allow?',
        value: event.data.durationDays,
        format: days,
        others: firstPerValue(
          ctx,
          'durations',
          ctx.ofType('DeadlineSet'),
          development,
          (e) => e.data.durationDays,
        ).map(({ value, development: d }) => ({
          value,
          development: d,
          what: () => `the time allowed for ${d.event.data.description}`,
        })),
      }
    }
    case 'DeadlineExtended': {
      if (event.data.byDays === undefined) return null
      const set = firstWhere(ctx.ofType('DeadlineSet'), (e) => e.data.deadlineId === event.data.deadlineId)
      if (set === undefined) return null
      return {
        stem: `By how many days did ${ctx.name(event.data.extendedById)} extend the deadline (${aboutDeadline(set.event.data.description)}) ${when}?`,
        value: event.data.byDays,
        format: days,
        others:
          set.event.data.durationDays === undefined
            ? []
            : [
                {
                  value: set.event.data.durationDays,
                  development: set,
                  what: () => 'the time first allowed',
                },
              ],
      }
    }
    case 'BidMade': {
      const amount = event.data.amount
      if (amount === undefined) return null
      return {
        stem: `How much was ${possessive(ctx.name(event.data.bidderId))} bid${event.data.targetId === undefined ? '' : ` for ${ctx.name(event.data.targetId)}`}, made ${when}?`,
        value: amount.amount,
        format: (n) => moneyInWords({ ...amount, amount: n }),
        others: firstPerValue(
          ctx,
          `amounts in ${amount.currency}`,
          ctx.ofType('BidMade'),
          development,
          (e) => (e.data.amount?.currency === amount.currency ? e.data.amount.amount : undefined),
        ).map(({ value, development: d }) => ({
          value,
          development: d,
          what: () => `the bid made ${whenPhrase(d)}`,
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
          .map((s) => ({
            value: s.percent,
            development,
            what: () => `${possessive(ctx.name(s.holderId))} stake`,
          })),
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
  anchors: (ctx) =>
    concatAnchors([
      anchorsOver(ctx.ofType('DeadlineSet'), (d) =>
        d.event.data.durationDays === undefined ? null : ctx.idOf(d),
      ),
      anchorsOver(ctx.ofType('DeadlineExtended'), (d) =>
        d.event.data.byDays === undefined ? null : ctx.idOf(d),
      ),
      anchorsOver(ctx.ofType('BidMade'), (d) => (d.event.data.amount === undefined ? null : ctx.idOf(d))),
      anchorsOver(
        ctx.ofType('DealAnnounced'),
        (d, variant) => {
          if (variant === 0) return d.event.data.value === undefined ? null : ctx.idOf(d)
          const stake = d.event.data.stakes?.[variant - 1]
          return stake === undefined || !ctx.facts.entities.has(stake.holderId)
            ? null
            : `${ctx.idOf(d)}@${stake.holderId}`
        },
        4,
      ),
    ]),
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
    anchorsOver(ctx.ofType('StatementMade'), (d) =>
      d.event.data.paraphrased || d.event.data.quote.length > 300 ? null : ctx.idOf(d),
    ),
  build(ctx, anchor, random, options) {
    const development = byId(ctx, anchor) as Dev<'StatementMade'> | undefined
    if (development === undefined || development.event.type !== 'StatementMade') return null
    const { speakerId, quote } = development.event.data
    if (!ctx.facts.entities.has(speakerId)) return null
    const speakers = valuesBy(
      ctx,
      'speakers of quote',
      'StatementMade',
      (e) => e.data.quote,
      (e) => e.data.speakerId,
    )(quote)
    const saidIt = (id: EntityId) => speakers.has(id)
    const otherSpeakers = ctx.firstActorsOf('StatementMade')
    const key = { text: asOption(ctx.name(speakerId)), feedback: right(ctx, development) }
    // Other speakers of any kind are plausible too: a company and its chief executive both make statements.
    const candidates = entityDistractors(
      ctx,
      speakerId,
      new Set(development.actors),
      saidIt,
      random,
      options,
      otherSpeakers,
    )
    const distractors = pickDistractors(key, candidates, random, options)
    if (distractors === null) return null
    return choice(ctx, development, {
      kind: 'quote_attribution',
      stem: `Who said this ${whenPhrase(development)}: ${quoted(quote)}?`,
      key,
      distractors,
    })
  },
}

// source attribution --------------------------------------------------------------------------------------

/** An outlet's reporting outlet, worked out once per quiz: the same few outlets come up again and again. */
function reportingOutletOf(ctx: TemplateContext): (outlet: string) => string {
  const outlets = ctx.memo('reporting-outlets', () => new Map<string, string>())
  return (outlet) => {
    let found = outlets.get(outlet)
    if (found === undefined) {
      found = reportingOutlet(outlet)
      outlets.set(outlet, found)
    }
    return found
  }
}

/**
 * The outlets behind most of the story (the article the class is reading, say): no test of who reported
 * what, so only a development's other sources are asked about. Most is judged on at most 64 developments
 * spread evenly over the story (all of a short one), so a long story is not read whole for it.
 */
function backdropOutlets(ctx: TemplateContext): ReadonlySet<string> {
  const reporting = reportingOutletOf(ctx)
  return ctx.memo('backdrop-outlets', () => {
    const counts = new Map<string, number>()
    const looked = Math.min(ctx.all.length, 64)
    for (let i = 0; i < looked; i++) {
      const sampled = ctx.all.at(Math.floor((i * ctx.all.length) / looked))
      for (const outlet of new Set((sampled?.sources ?? []).map((s) => reporting(s.outlet))))
        counts.set(outlet, (counts.get(outlet) ?? 0) + 1)
    }
    return new Set([...counts].filter(([, n]) => n * 2 > looked).map(([outlet]) => outlet))
  })
}

/** A test of whether sources include one a source question may ask about (one not behind the story). */
function askableSourceTest(ctx: TemplateContext): (sources: readonly Source[]) => boolean {
  const reporting = reportingOutletOf(ctx)
  const backdrop = backdropOutlets(ctx)
  // The same outlet comes up development after development: the last one found behind the story is kept.
  let lastBehind: string | undefined
  return (sources) => {
    for (let i = 0; i < sources.length; i++) {
      const outlet = sources[i]!.outlet
      if (outlet === lastBehind) continue
      if (!backdrop.has(reporting(outlet))) return true
      lastBehind = outlet
    }
    return false
  }
}

const sourceOutlet: Template = {
  id: 'source.outlet',
  version: 2,
  kind: 'source_attribution',
  difficulty: 'hard',
  anchors(ctx) {
    // A story whose every source is behind it asks no source question: looked for once, in the sources
    // alone, not at every anchor (a long story would otherwise be read whole, and made, by every such quiz).
    const askable = askableSourceTest(ctx)
    const any = ctx.memo('any-askable-source', () => {
      for (let place = 0; place < ctx.facts.count; place++)
        if (askable(ctx.facts.sourcesAt(place))) return true
      return false
    })
    if (!any) return anchorList([])
    // Every development, the unsuitable passed over without being made: in a story with one outlet behind
    // nearly everything, a quiz would otherwise make thousands of developments to find the few it can ask.
    return {
      size: ctx.facts.count,
      at: (place) => (askable(ctx.facts.sourcesAt(place)) ? ctx.idOf(ctx.all.at(place)) : null),
    }
  },
  build(ctx, anchor, random, options) {
    const development = byId(ctx, anchor)
    const description = development === undefined ? null : ctx.describe(development)
    if (development === undefined || description === null || description.length > MAX_OPTION_LENGTH)
      return null
    const reporting = reportingOutletOf(ctx)
    const backdrop = backdropOutlets(ctx)
    const askable = development.sources.filter((s) => !backdrop.has(reporting(s.outlet)))
    if (askable.length === 0) return null
    const source = askable[random.below(askable.length)]
    if (source === undefined) return null
    const reportedIt = new Set(
      [...ctx.outletsOf(description, development.event.type, development.actors[0] ?? '')].map(reporting),
    )
    const keyText = reporting(source.outlet)
    const cited = citation(development.sources)
    // Other outlets of the story, drawn from its developments rather than listed: a long story has many.
    const offered = new Set([keyText])
    const candidates = sampleCandidates(
      ctx.all,
      random,
      options,
      (other) => {
        const outlet = other.sources[0] === undefined ? undefined : reporting(other.sources[0].outlet)
        if (outlet === undefined || offered.has(outlet) || reportedIt.has(outlet) || backdrop.has(outlet))
          return null
        offered.add(outlet)
        return { text: outlet, feedback: `No: the story has no report of this by ${outlet}. ${cited}` }
      },
      { enough: 4, budget: 60 },
    )
    const key = { text: keyText, feedback: `Right. ${cited}` }
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
  anchors: (ctx) => anchorsOver(ctx.all, (d) => ctx.idOf(d)),
  build(ctx, anchor, random) {
    const development = byId(ctx, anchor)
    const description = development === undefined ? null : ctx.describe(development)
    if (development === undefined || description === null || description.length > 200) return null
    const fact = factWithCitation(development, description)
    const swapped = random.next() < 0.5 ? swapOne(ctx, development, random) : null
    const statement = swapped?.text ?? description
    const stem = `True or false? ${sentence(`${whenOf(development)}, ${statement}`)}`
    const base = {
      kind: 'true_false' as const,
      stem,
      ordering: 'fixed' as const,
      generalFeedback: fact,
      eventIds: [ctx.idOf(development)],
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
      const first = development.actors[0] === actor ? other.entityId : development.actors[0]!
      if (text !== null && !ctx.isDescribed(text, development.event.type, first))
        return { text, real: ctx.name(actor), fake: other.name }
    }
  }
  return null
}

// chronology ----------------------------------------------------------------------------------------------

const CHRONOLOGY_PREFIX = 'events:'
const CHRONOLOGY_STEM = 'Put these developments in the order they happened, earliest first.'

const chronology: Template = {
  id: 'chronology.developments',
  version: 1,
  kind: 'chronology',
  difficulty: 'hard',
  stem: CHRONOLOGY_STEM,
  anchors(ctx, random) {
    const days = ctx.days
    if (days.length < 3) return anchorList([])
    const anchors: string[] = []
    // One array, reset to the days' order and shuffled in place each time: the same draws and days as
    // shuffling a copy, without a copy of every day of a long story per anchor.
    const shuffled = [...days]
    for (let i = 0; i < Math.min(12, Math.floor(days.length / 3) + 1); i++) {
      const size = Math.min(days.length, 3 + random.below(3))
      for (let d = 0; d < days.length; d++) shuffled[d] = days[d]!
      random.shuffleInPlace(shuffled)
      const chosen = shuffled.slice(0, size)
      const ids = chosen.map((day) => {
        const list = ctx.on(day)
        return ctx.idOf(ctx.facts.at(list[random.below(list.length)]!))
      })
      anchors.push(CHRONOLOGY_PREFIX + ids.join('+'))
    }
    return anchorList(anchors)
  },
  build(ctx, anchor) {
    if (!anchor.startsWith(CHRONOLOGY_PREFIX)) return null
    const developments = anchor
      .slice(CHRONOLOGY_PREFIX.length)
      .split('+')
      .map((id) => ctx.development(id))
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
      if (description === null || description.length > MAX_OPTION_LENGTH) return null
      items.push({ text: sentence(description), feedback: factWithCitation(d, description) })
    }
    return {
      kind: 'chronology',
      stem: CHRONOLOGY_STEM,
      items,
      generalFeedback: ordered.map((d) => `${dateInWords(d.day!)}: ${sentence(ctx.describe(d)!)}`).join(' '),
      eventIds: ordered.map((d) => ctx.idOf(d)),
    }
  },
}

// as of ---------------------------------------------------------------------------------------------------

/** The partner a selector had chosen for a role as of a day: the latest such selection by then. */
function partnerAsOf(ctx: TemplateContext, selectedById: EntityId, role: string, day: CalendarDay) {
  const list = ctx.ofTypeBy('PartnerSelected', selectedById)
  let current: number | undefined
  for (let i = 0; i < list.length; i++) {
    if (list.event(i).data.role === role && list.knownBy(i) <= day) current = i
  }
  return current === undefined ? undefined : list.at(current)
}

const asOfPartner: Template = {
  id: 'as-of.partner',
  version: 1,
  kind: 'as_of',
  difficulty: 'medium',
  anchors: (ctx) =>
    anchorsOver(
      ctx.ofType('PartnerSelected'),
      (d, variant) => {
        const last = ctx.days[ctx.days.length - 1]
        if (variant === 0) return `${ctx.idOf(d)}@${d.knownBy}`
        return last !== undefined && last > d.knownBy ? `${ctx.idOf(d)}@${last}` : null
      },
      2,
    ),
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
      developmentsWhere(
        ctx.ofTypeBy('PartnerSelected', selectedById),
        (e) => e.data.partnerId === id && e.data.role === role,
      )
    const suitors = ctx.memo('suitors', () => [
      ...new Set([...ctx.firstActorsOf('BidMade'), ...ctx.firstActorsOf('InterestExpressed')]),
    ])
    const candidates = entityDistractors(
      ctx,
      partnerId,
      new Set([selectedById]),
      () => false,
      random,
      options,
      suitors,
    ).map((draft) => {
      const id = [...ctx.facts.entities.values()].find(
        (e) => asOption(ctx.name(e.entityId)) === draft.text,
      )?.entityId
      const times = id === undefined ? [] : wasPartner(id)
      const other = times.find((d) => d.knownBy !== current.knownBy) ?? times[0]
      if (other === undefined) return draft
      const when = other.knownBy < day ? 'Earlier' : 'Later'
      return {
        ...draft,
        feedback: `${when}, not on ${dateInWords(day)}: ${factWithCitation(other, ctx.describe(other) ?? '')}`,
        eventIds: [ctx.idOf(other)],
      }
    })
    const key = { text: asOption(ctx.name(partnerId)), feedback: right(ctx, development) }
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
    anchorsOver(
      ctx.ofType('BidMade'),
      (bid, variant) => {
        if (bid.day === null) return null
        const end = bidEnd(ctx, bid)
        if (variant === 1) return end?.day == null ? null : `${ctx.idOf(bid)}@${end.day}`
        // While open: the last day of the story before it ended (the day of the bid itself would ask nothing).
        const lastOpen = lastDayBefore(ctx, end?.knownBy)
        return lastOpen !== undefined && lastOpen > bid.day ? `${ctx.idOf(bid)}@${lastOpen}` : null
      },
      2,
    ),
  build(ctx, anchor, random) {
    const bid = byId(ctx, anchor) as Dev<'BidMade'> | undefined
    const day = anchor.split('@')[1]
    if (bid === undefined || bid.event.type !== 'BidMade' || bid.day === null || day === undefined)
      return null
    const end = bidEnd(ctx, bid)
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
      ...(end !== undefined && s !== status ? { eventIds: [ctx.idOf(end)] } : {}),
    }))
    const key = options[(['open', 'rejected', 'withdrawn'] as const).indexOf(status)]!
    const target = bid.event.data.targetId === undefined ? '' : ` for ${ctx.name(bid.event.data.targetId)}`
    return choice(ctx, bid, {
      kind: 'as_of',
      stem: `As of ${dateInWords(day)}, where did ${possessive(bidder)} bid${target} (made ${whenPhrase(bid)}) stand?`,
      key,
      distractors: random.shuffle(options.filter((o) => o !== key)),
    })
  },
}

/**
 * The rejection or withdrawal that ended a bid: the bidder's first one after it, before any new bid. Read
 * from the bidder's places; only the one found is made into a development.
 */
function bidEnd(ctx: TemplateContext, bid: Dev<'BidMade'>): Development | undefined {
  // Asked for by the anchors and again by the question: found once per quiz.
  const ends = ctx.memo('bid-ends', () => new Map<number, Development | null>())
  let end = ends.get(bid.place)
  if (end === undefined) {
    end = findBidEnd(ctx, bid) ?? null
    ends.set(bid.place, end)
  }
  return end ?? undefined
}

function findBidEnd(ctx: TemplateContext, bid: Dev<'BidMade'>): Development | undefined {
  const facts = ctx.facts
  const bidder = bid.event.data.bidderId
  const bids = ctx.ofTypeBy('BidMade', bidder)
  let nextBid: CalendarDay | undefined
  for (let i = 0; i < bids.length; i++) {
    const knownBy = bids.knownBy(i)
    if (knownBy > bid.knownBy) {
      nextBid = knownBy
      break
    }
  }
  for (const place of byParty(ctx, 'ends', ['BidRejected', 'BidWithdrawn'], bidder)) {
    const knownBy = facts.knownByAt(place)
    if (
      knownBy >= bid.knownBy &&
      (knownBy > bid.knownBy || facts.at(place).position > bid.position) &&
      (nextBid === undefined || knownBy < nextBid)
    )
      return facts.at(place)
  }
  return undefined
}

/** The places of the developments of some bid types that name a bidder, in story order; indexed once per quiz. */
function byParty(
  ctx: TemplateContext,
  name: string,
  types: readonly ('BidMade' | 'BidRejected' | 'BidWithdrawn')[],
  bidderId: EntityId,
): readonly number[] {
  const index = ctx.memo(`by-bidder:${name}`, () => {
    const map = new Map<EntityId, number[]>()
    let inOrder: Int32Array = new Int32Array(0)
    for (const type of types) inOrder = mergeSorted(inOrder, ctx.facts.placesOf(type))
    for (const place of inOrder) {
      const id = (ctx.facts.eventAt(place) as { data: { bidderId: EntityId } }).data.bidderId
      const list = map.get(id)
      if (list === undefined) map.set(id, [place])
      else list.push(place)
    }
    return map
  })
  return index.get(bidderId) ?? []
}

/** Two ascending lists of places (story order) as one. */
function mergeSorted(a: Int32Array, b: Int32Array): Int32Array {
  if (a.length === 0) return b
  if (b.length === 0) return a
  const merged = new Int32Array(a.length + b.length)
  let i = 0
  let j = 0
  let k = 0
  while (i < a.length && j < b.length) merged[k++] = a[i]! < b[j]! ? a[i++]! : b[j++]!
  while (i < a.length) merged[k++] = a[i++]!
  while (j < b.length) merged[k++] = b[j++]!
  return merged
}

/** The last day of the story with a dated development before `limit` (the last of all without one). */
function lastDayBefore(ctx: TemplateContext, limit: CalendarDay | undefined): CalendarDay | undefined {
  const days = ctx.days
  if (limit === undefined) return days[days.length - 1]
  let low = 0
  let high = days.length
  while (low < high) {
    const mid = (low + high) >> 1
    if (days[mid]! < limit) low = mid + 1
    else high = mid
  }
  return days[low - 1]
}

interface DueChange {
  /** The due date as a day number (see `dayNumber`): history of a long story is computed without dates. */
  due: number
  development: Development
}

/** The due dates a deadline has had, in order: as set, then after each extension. */
function dueHistory(ctx: TemplateContext, set: Dev<'DeadlineSet'>): DueChange[] | null {
  return ctx.memo(`due:${set.eventId}`, () => computeDueHistory(ctx, set))
}

function computeDueHistory(ctx: TemplateContext, set: Dev<'DeadlineSet'>): DueChange[] | null {
  const start = set.event.data.startsOn ?? set.day
  const first =
    set.event.data.dueOn !== undefined
      ? dayNumber(set.event.data.dueOn)
      : start !== null && set.event.data.durationDays !== undefined
        ? dayNumber(start) + set.event.data.durationDays
        : null
  if (first === null) return null
  const history: DueChange[] = [{ due: first, development: set }]
  const id = set.event.data.deadlineId
  const facts = ctx.facts
  const sets = ctx.memo('deadline-sets', () => placesBy(ctx, 'DeadlineSet', (e) => e.data.deadlineId))
  const extensions = ctx.memo('deadline-extensions', () =>
    placesBy(ctx, 'DeadlineExtended', (e) => e.data.deadlineId),
  )
  // A deadline set again starts over: extensions after that belong to the new one.
  const reset = (sets.get(id) ?? []).find((place) => facts.knownByAt(place) > set.knownBy)
  const resetOn = reset === undefined ? undefined : facts.knownByAt(reset)
  for (const place of extensions.get(id) ?? []) {
    const knownBy = facts.knownByAt(place)
    if (knownBy < set.knownBy) continue
    if (resetOn !== undefined && knownBy >= resetOn) break
    const ext = facts.at(place) as Dev<'DeadlineExtended'>
    const previous = history[history.length - 1]!.due
    const due =
      ext.event.data.newDueOn !== undefined
        ? dayNumber(ext.event.data.newDueOn)
        : previous + ext.event.data.byDays!
    history.push({ due, development: ext })
  }
  return history
}

const asOfDeadline: Template = {
  id: 'as-of.deadline',
  version: 1,
  kind: 'as_of',
  difficulty: 'medium',
  anchors: (ctx) =>
    anchorsOver(
      ctx.ofType('DeadlineSet'),
      (set, variant) => {
        const history = set.day === null ? null : dueHistory(ctx, set)
        if (history === null || (variant === 1 && history.length < 2)) return null
        return `${ctx.idOf(set)}@${history[variant === 0 ? 0 : history.length - 1]!.development.knownBy}`
      },
      2,
    ),
  build(ctx, anchor, random, options) {
    const set = byId(ctx, anchor) as Dev<'DeadlineSet'> | undefined
    const day = anchor.split('@')[1]
    if (set === undefined || set.event.type !== 'DeadlineSet' || day === undefined || day < set.knownBy)
      return null
    const history = dueHistory(ctx, set)
    if (history === null) return null
    const currentIndex = history.reduce((at, h, i) => (h.development.knownBy <= day ? i : at), 0)
    const current = history[currentIndex]!
    const dueText = dateInWords(dayFromNumber(current.due))
    const fact = (h: DueChange) => factWithCitation(h.development, ctx.describe(h.development) ?? '')
    const key: OptionDraft = { text: dueText, value: current.due, feedback: `Right. ${fact(current)}` }
    // The due dates just before and after, and the first: the ones a reader could mix up.
    const nearby = [history[currentIndex - 1], history[currentIndex + 1], history[0]].filter(
      (h): h is DueChange => h !== undefined && h.due !== current.due,
    )
    const fromHistory = nearby.map((h) => ({
      text: dateInWords(dayFromNumber(h.due)),
      value: h.due,
      feedback: `${h.development.knownBy <= day ? 'No longer' : 'Not yet'} on ${dateInWords(day)}: it was the due date from ${dateInWords(
        h.development.knownBy,
      )}. ${fact(h)}`,
      eventIds: [ctx.idOf(h.development)],
    }))
    const synthetic = [-14, -7, 7, 14, 30].map((offset) => ({
      text: dateInWords(dayFromNumber(current.due + offset)),
      value: current.due + offset,
      feedback: `No: it was due on ${dueText}. ${general(ctx, set)}`,
    }))
    const distractors = pickDistractors(
      key,
      [...fromHistory, ...random.shuffle(synthetic)],
      { ...random, shuffle: (items) => [...items] },
      options,
    )
    if (distractors === null) return null
    const told = [history[0]!, ...(currentIndex > 0 ? [current] : [])]
    return {
      kind: 'as_of',
      stem: `As of ${dateInWords(day)}, what was the due date of the deadline ${ctx.name(set.event.data.setById)} set ${whenPhrase(set)} (${aboutDeadline(set.event.data.description)})?`,
      key,
      distractors,
      ordering: 'ascending',
      generalFeedback: told.map(fact).join(' '),
      eventIds: told.map((h) => ctx.idOf(h.development)),
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
    anchorsOver(ctx.all, (d) => (d.day !== null && d.day > (ctx.days[0] ?? d.day) ? ctx.idOf(d) : null)),
  build(ctx, anchor, random, options) {
    const development = byId(ctx, anchor)
    const description = development === undefined ? null : ctx.describe(development)
    if (
      development === undefined ||
      development.day === null ||
      description === null ||
      description.length > MAX_OPTION_LENGTH
    )
      return null
    const day = development.day
    const before = ctx.days.filter((d) => d < day)
    const after = ctx.days.filter((d) => d >= day)
    const from = before[before.length - 1]
    if (from === undefined) return null
    const to = after[Math.min(after.length - 1, random.below(2))]!
    const inWindow = ctx.during(addDays(from, 1), to).map((place) => ctx.describeAt(place) ?? '')
    const candidates = sampleCandidates(ctx.all, random, options, (d) => {
      if (d.range === null) return null
      const side = d.range.last <= from ? 'before' : d.range.first > to ? 'after' : null
      const text = side === null ? null : ctx.describe(d)
      if (text === null || text.length > MAX_OPTION_LENGTH || inWindow.includes(text)) return null
      return {
        text: sentence(text),
        feedback: `No: that came ${side === 'before' ? 'earlier' : 'later'}. ${factWithCitation(d, text)}`,
        eventIds: [ctx.idOf(d)],
      }
    })
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
