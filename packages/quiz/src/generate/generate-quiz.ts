import { canonicalJson, type Source, type StoredEvent, sha256, toHex } from '@storyledger/core'
import {
  Blueprint,
  type Difficulty,
  type Question,
  type QuestionKind,
  type Quiz,
  structuralIssues,
} from '../model.js'
import { createSeededRandom, type SeededRandom } from '../seeded-random.js'
import { contextOf, type TemplateContext } from './context.js'
import { type AnchorList, type BuildOptions, createDraw, type Draft, type Template } from './drafts.js'
import { factsOf, inRange, type StoryFacts } from './facts.js'
import { templates } from './templates.js'

/** The log a quiz is made from: the story's stored events, and the log position they were read at. */
export interface QuizInput {
  readonly events: readonly StoredEvent[]
  /** Events after this position are ignored, so that the same position always gives the same quiz. */
  readonly logPosition: number
}

export type GenerateFailure = 'INVALID_BLUEPRINT' | 'STORY_NOT_FOUND' | 'NOT_ENOUGH_FACTS'

export type GenerateResult =
  | { readonly ok: true; readonly quiz: Quiz }
  | { readonly ok: false; readonly reason: GenerateFailure; readonly detail: string }

const DIFFICULTIES: readonly Difficulty[] = ['easy', 'medium', 'hard']
const OPTION_IDS = ['a', 'b', 'c', 'd', 'e']

/**
 * A quiz on a story as of `blueprint.asOf`, as the log knew it at `blueprint.knownAt`. The same input and
 * blueprint give a byte-identical quiz (as canonical JSON); another seed gives another quiz from the same
 * facts. Nothing in it — stem, option or feedback — comes from a development after `asOf` or recorded after
 * `knownAt`. A blueprint that cannot be met is an outcome, not an exception.
 *
 * @example generateQuiz({ events, logPosition: 120 }, { storyId: 'story/tiktok-us', asOf: '2020-09-20',
 *   knownAt: '2024-01-01T00:00:00.000Z', count: 10, kinds: ['who', 'chronology'],
 *   difficulty: { easy: 1, medium: 2, hard: 1 }, seed: 'class 3B, form A' })
 */
export function generateQuiz(input: QuizInput, blueprint: Blueprint): GenerateResult {
  const parsed = Blueprint.safeParse(blueprint)
  if (!parsed.success) {
    return {
      ok: false,
      reason: 'INVALID_BLUEPRINT',
      detail: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '),
    }
  }
  const plan = parsed.data
  const ctx = preparedContext(input, plan)
  if (ctx === null) {
    return {
      ok: false,
      reason: 'STORY_NOT_FOUND',
      detail: `no events of ${plan.storyId} up to position ${input.logPosition}`,
    }
  }
  const facts = ctx.facts
  const random = createSeededRandom(String(plan.seed))
  const pools = poolsFor(ctx, new Set(plan.kinds), random)
  const targets = difficultyTargets(plan.count, plan.difficulty)
  const got: Record<Difficulty, number> = { easy: 0, medium: 0, hard: 0 }
  const perKind = new Map<QuestionKind, number>()
  const questions: Question[] = []
  const stems = new Set<string>()
  const usedAnchors = new Set<string>()
  /** The next question the pools give (the difficulty furthest behind its target first), or null when none can. */
  const draw = (id: string): Question | null => {
    for (;;) {
      const live = pools.filter((p) => !p.exhausted)
      if (live.length === 0) return null
      const difficulty = [...DIFFICULTIES]
        .filter((d) => live.some((p) => p.template.difficulty === d))
        .sort((a, b) => targets[b] - got[b] - (targets[a] - got[a]))[0]!
      const candidates = live.filter((p) => p.template.difficulty === difficulty)
      const pool = candidates.sort(
        (a, b) =>
          (perKind.get(a.template.kind) ?? 0) - (perKind.get(b.template.kind) ?? 0) ||
          a.used - b.used ||
          a.order - b.order,
      )[0]!
      const anchor = pool.draw()
      if (anchor === null) continue
      const mainEvent = `${pool.template.kind}:${anchor.split('@')[0]}`
      // A template whose stem never changes cannot give a second question: another would repeat the stem.
      if (usedAnchors.has(mainEvent) || (pool.template.stem !== undefined && stems.has(pool.template.stem)))
        continue
      const question = buildQuestion(ctx, pool.template, anchor, plan.seed, id, {})
      if (question === null || stems.has(question.stem)) continue
      usedAnchors.add(mainEvent)
      stems.add(question.stem)
      pool.used += 1
      got[difficulty] += 1
      perKind.set(pool.template.kind, (perKind.get(pool.template.kind) ?? 0) + 1)
      return question
    }
  }
  while (questions.length < plan.count) {
    const question = draw(`q${questions.length + 1}`)
    if (question === null) break
    questions.push(question)
  }
  if (questions.length < plan.count) {
    return {
      ok: false,
      reason: 'NOT_ENOUGH_FACTS',
      detail:
        `only ${questions.length} of ${plan.count} questions of the kinds asked (${plan.kinds.join(', ')}) can be made ` +
        `from the ${facts.count} developments known as of ${plan.asOf}`,
    }
  }
  // A re-rolled question gives way to the next one the pools give, with the same number; the one it replaces
  // keeps its stem and anchor taken, so it cannot come back.
  for (const number of plan.rerolls ?? []) {
    const replaced = questions[number - 1]!
    got[replaced.difficulty] -= 1
    perKind.set(replaced.kind, (perKind.get(replaced.kind) ?? 1) - 1)
    const question = draw(replaced.id)
    if (question === null) {
      return {
        ok: false,
        reason: 'NOT_ENOUGH_FACTS',
        detail: `no other question of the kinds asked can take the place of question ${number}`,
      }
    }
    questions[number - 1] = question
  }
  return { ok: true, quiz: withId({ blueprint: plan, logPosition: input.logPosition, questions }) }
}

// Parallel forms for a class are the same log and dates with other seeds, and a teacher's next quiz "as the
// log knows it now" reads the same events at a later instant and log position: the facts and their indexes
// are kept per events array (weakly, a few dates each) and reused for any log position and known-at instant
// that read the very same events (`sameFor`). They never change a quiz, only how fast it comes.
//
// An array made for one quiz and then dropped (a log read afresh for a request) is not put in the weak map
// at once: V8's young-generation collector keeps a weak map's entries whose keys are young, so every such
// quiz's facts would be copied and promoted until the next full collection (in the bench, scavenges of 3–6
// ms every few cold quizzes instead of 1 ms). Its facts are held for the next quiz only, and the array is
// remembered (without them) so that its next use, or the one after another array's, keeps them for good.
const prepared = new WeakMap<readonly StoredEvent[], Map<string, Prepared[]>>()
const seenOnce = new WeakSet<readonly StoredEvent[]>()
let latest: { readonly events: readonly StoredEvent[]; readonly byDates: Map<string, Prepared[]> } | undefined
const DATES_KEPT = 8

interface Prepared {
  readonly facts: StoryFacts
  readonly ctx: TemplateContext | null
}

/** The facts kept for an events array, by dates (see above). */
function keptFor(events: readonly StoredEvent[]): Map<string, Prepared[]> {
  let byDates = prepared.get(events)
  if (byDates !== undefined) return byDates
  const again = latest?.events === events
  byDates = again ? latest!.byDates : new Map<string, Prepared[]>()
  if (again || seenOnce.has(events)) prepared.set(events, byDates)
  else seenOnce.add(events)
  latest = { events, byDates }
  return byDates
}

function preparedContext(input: QuizInput, plan: Blueprint): TemplateContext | null {
  const key = [plan.storyId, plan.asOf, plan.chronologyGrading].join(' ')
  const knownAt = new Date(Date.parse(plan.knownAt)).toISOString()
  const byDates = keptFor(input.events)
  const kept = byDates.get(key) ?? []
  const found = kept.find((p) => inRange(p.facts.sameFor, input.logPosition, knownAt))
  if (found !== undefined) return found.ctx
  const facts = factsOf(input.events, plan.asOf, plan.knownAt, {
    storyId: plan.storyId,
    logPosition: input.logPosition,
  })
  const ctx =
    facts.eventsRead === 0 ? null : contextOf(facts, plan.chronologyGrading ?? 'longest_ordered_subset')
  // At most DATES_KEPT facts per array: the first kept of the dates kept longest give way.
  const total = [...byDates.values()].reduce((n, list) => n + list.length, 0)
  if (total >= DATES_KEPT) {
    const [oldestKey, oldest] = byDates.entries().next().value!
    oldest.shift()
    if (oldest.length === 0) byDates.delete(oldestKey)
  }
  byDates.set(key, [...(byDates.get(key) ?? []), { facts, ctx }])
  return ctx
}

interface Pool {
  readonly template: Template
  readonly order: number
  exhausted: boolean
  used: number
  /** The next anchor in the pool's seeded order that suits the template; null once there is none left. */
  draw(): string | null
}

/**
 * One pool of anchors per template of the kinds asked for. Anchors are listed and drawn lazily, in an order
 * drawn from the quiz's seed, so that a quiz from a long story only looks at the facts it uses.
 */
function poolsFor(ctx: TemplateContext, kinds: ReadonlySet<QuestionKind>, random: SeededRandom): Pool[] {
  const chosen = random.shuffle(templates.filter((t) => kinds.has(t.kind)))
  return chosen.map((template, order) => {
    let list: AnchorList | undefined
    let next: (() => number | undefined) | undefined
    const pool: Pool = {
      template,
      order,
      exhausted: false,
      used: 0,
      draw() {
        list ??= template.anchors(ctx, random)
        next ??= createDraw(list.size, random)
        // Anchors that do not suit the template are passed over here: nothing else changes while they are,
        // so the quiz's choice of pool would only fall on this one again.
        for (;;) {
          const index = next()
          if (index === undefined) {
            pool.exhausted = true
            return null
          }
          const anchor = list.at(index)
          if (anchor !== null) return anchor
        }
      },
    }
    return pool
  })
}

/** How many questions of each difficulty the mix asks for, by largest remainder (ties: easy first). */
export function difficultyTargets(
  count: number,
  mix: Record<Difficulty, number>,
): Record<Difficulty, number> {
  const total = mix.easy + mix.medium + mix.hard
  const exact = DIFFICULTIES.map((d) => (count * mix[d]) / total)
  const floors = exact.map(Math.floor)
  let left = count - floors.reduce((s, n) => s + n, 0)
  const byRemainder = DIFFICULTIES.map((_, i) => i).sort(
    (a, b) => exact[b]! - floors[b]! - (exact[a]! - floors[a]!) || a - b,
  )
  for (const i of byRemainder) {
    if (left === 0) break
    floors[i]! += 1
    left -= 1
  }
  return { easy: floors[0]!, medium: floors[1]!, hard: floors[2]! }
}

/** One question from a template and an anchor; its randomness is its own, so a re-key rebuilds it the same way. */
export function buildQuestion(
  ctx: TemplateContext,
  template: Template,
  anchor: string,
  seed: string | number,
  id: string,
  options: BuildOptions,
): Question | null {
  const random = createSeededRandom(`${seed}\u0000${template.id}\u0000${anchor}`)
  const draft = template.build(ctx, anchor, random, options)
  if (draft === null) return null
  // A stem that names its own answer ("Who said: 'Microsoft is prepared…'?") asks nothing.
  if (
    draft.kind !== 'chronology' &&
    draft.kind !== 'true_false' &&
    draft.stem.toLowerCase().includes(draft.key.text.toLowerCase())
  )
    return null
  const question = assemble(draft, template, anchor, id, random, ctx)
  return structuralIssues(question).length === 0 ? question : null
}

function assemble(
  draft: Draft,
  template: Template,
  anchor: string,
  id: string,
  random: SeededRandom,
  ctx: TemplateContext,
): Question {
  // The question's own events first, as the template lists them; then those its feedback cites, sorted by id.
  const own = draft.kind === 'chronology' ? draft.eventIds.length : 1
  const cited = [...new Set(draft.eventIds.slice(own))].sort()
  const eventIds = [...new Set([...draft.eventIds.slice(0, own), ...cited])]
  const base = {
    id,
    stem: draft.stem,
    generalFeedback: draft.generalFeedback,
    difficulty: template.difficulty,
    template: { id: template.id, version: template.version, anchor },
    provenance: { eventIds, sources: sourcesOf(ctx, eventIds) },
  }
  if (draft.kind === 'chronology') {
    const shown = random.shuffle(draft.items.map((item, index) => ({ item, index })))
    const items = shown.map(({ item }, i) => ({
      id: OPTION_IDS[i]!,
      text: item.text,
      feedback: item.feedback,
    }))
    const order = [...shown.keys()]
      .sort((a, b) => shown[a]!.index - shown[b]!.index)
      .map((i) => OPTION_IDS[i]!)
    return { ...base, kind: 'chronology', items, order, grading: ctx.grading }
  }
  if (draft.kind === 'true_false') {
    const all = [draft.key, ...draft.distractors]
    const options = ['True', 'False'].map((text) => {
      const option = all.find((o) => o.text === text)!
      return { id: text.toLowerCase(), text, feedback: option.feedback }
    })
    return { ...base, kind: 'true_false', options, key: draft.key.text === 'True' ? 'true' : 'false' }
  }
  const all = [draft.key, ...draft.distractors]
  const ordered =
    draft.ordering === 'ascending'
      ? all.slice().sort((a, b) => (a.value ?? 0) - (b.value ?? 0))
      : random.shuffle(all)
  const options = ordered.map((o, i) => ({ id: OPTION_IDS[i]!, text: o.text, feedback: o.feedback }))
  return { ...base, kind: draft.kind, options, key: options[ordered.indexOf(draft.key)]!.id }
}

function sourcesOf(ctx: TemplateContext, eventIds: readonly string[]): Source[] {
  const seen = new Set<string>()
  const sources: Source[] = []
  for (const eventId of eventIds) {
    for (const source of ctx.development(eventId)?.sources ?? []) {
      const key = canonicalJson(source)
      if (seen.has(key)) continue
      seen.add(key)
      sources.push(source)
    }
  }
  return sources
}

/** A quiz with its id: a digest of everything else in it, so the id changes whenever the quiz does. */
export function withId(content: Omit<Quiz, 'id'>): Quiz {
  const digest = toHex(sha256(canonicalJson(content))).slice(0, 16)
  return { id: `quiz-${digest}`, ...content }
}
