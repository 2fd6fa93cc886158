import { canonicalJson, type StoredEvent } from '@storyledger/core'
import { contextOf } from './generate/context.js'
import { factsOf } from './generate/facts.js'
import { buildQuestion, withId } from './generate/generate-quiz.js'
import { templateById } from './generate/templates.js'
import type { Question, Quiz, Responses } from './model.js'

/**
 * What a re-key did to a question: `unchanged`; `feedback_changed` (same stem, options and key, new
 * feedback or provenance); `key_changed` (same options, another key); `rewritten` (other options or stem);
 * `dropped` (its facts are gone, e.g. retracted, or no longer give a sound question).
 */
export type QuestionChangeStatus = 'unchanged' | 'feedback_changed' | 'key_changed' | 'rewritten' | 'dropped'

export interface QuestionChange {
  readonly questionId: string
  readonly status: QuestionChangeStatus
  /** The key's text before and after (the correct order, for a chronology). */
  readonly keyBefore: string
  readonly keyAfter?: string
}

export interface RekeyResult {
  readonly quiz: Quiz
  readonly changes: readonly QuestionChange[]
  /** True when any question's marks may differ: regrade attempts against `quiz` with `carryResponses`. */
  readonly needsRegrade: boolean
}

/**
 * Rebuilds every question of a quiz from the same template, anchor and seed on a newer log (typically after
 * a correction or a retraction), keeping the old options wherever they are still sound, and says what
 * changed. The quiz stays about the same date; it is known at `knownAt` (default: the newest event's
 * recording time), so corrections recorded since the quiz was made apply.
 */
export function rekey(
  quiz: Quiz,
  events: readonly StoredEvent[],
  options: { knownAt?: string } = {},
): RekeyResult {
  const story = events.filter((e) => e.streamId === quiz.blueprint.storyId)
  const knownAt =
    options.knownAt ??
    story.reduce(
      (latest, e) => (Date.parse(e.recordedAt) > Date.parse(latest) ? e.recordedAt : latest),
      quiz.blueprint.knownAt,
    )
  const logPosition = story.reduce((max, e) => Math.max(max, e.position), quiz.logPosition)
  const ctx = contextOf(
    factsOf(story, quiz.blueprint.asOf, knownAt),
    quiz.blueprint.chronologyGrading ?? 'longest_ordered_subset',
  )
  const changes: QuestionChange[] = []
  const questions: Question[] = []
  for (const old of quiz.questions) {
    const template = templateById(old.template.id)
    const prefer = new Set(optionsOf(old).map((o) => o.text))
    const rebuilt =
      template === undefined || template.version !== old.template.version
        ? old
        : buildQuestion(ctx, template, old.template.anchor, quiz.blueprint.seed, old.id, { prefer })
    if (rebuilt === null) {
      changes.push({ questionId: old.id, status: 'dropped', keyBefore: keyText(old) })
      continue
    }
    const question = keepOldIds(old, rebuilt)
    questions.push(question)
    changes.push({
      questionId: old.id,
      status: statusOf(old, question),
      keyBefore: keyText(old),
      keyAfter: keyText(question),
    })
  }
  const blueprint = { ...quiz.blueprint, knownAt: new Date(Date.parse(knownAt)).toISOString() }
  return {
    quiz: withId({ blueprint, logPosition, questions }),
    changes,
    needsRegrade: changes.some(
      (c) => c.status === 'key_changed' || c.status === 'rewritten' || c.status === 'dropped',
    ),
  }
}

/**
 * Responses to an old version of a quiz, carried to its re-keyed version by option text: a choice that is
 * still offered keeps counting, one that is gone counts as no answer. Grade the result with `gradeResponses`.
 */
export function carryResponses(before: Quiz, after: Quiz, responses: Responses): Responses {
  const carried: Responses = {}
  for (const old of before.questions) {
    const answer = responses[old.id]
    const now = after.questions.find((q) => q.id === old.id)
    if (answer === undefined || now === undefined) continue
    const textOf = new Map(optionsOf(old).map((o) => [o.id, o.text]))
    const idOf = new Map(optionsOf(now).map((o) => [o.text, o.id]))
    const map = (id: string) => idOf.get(textOf.get(id) ?? '')
    if (typeof answer === 'string') {
      const id = map(answer)
      if (id !== undefined) carried[old.id] = id
    } else {
      const ids = answer.map(map)
      if (ids.every((id) => id !== undefined)) carried[old.id] = ids as string[]
    }
  }
  return carried
}

function optionsOf(question: Question) {
  return question.kind === 'chronology' ? question.items : question.options
}

function keyText(question: Question): string {
  if (question.kind === 'chronology') {
    const textOf = new Map(question.items.map((i) => [i.id, i.text]))
    return question.order.map((id) => textOf.get(id)).join(' → ')
  }
  return question.options.find((o) => o.id === question.key)?.text ?? ''
}

/** With the same option texts, the old ids and order are kept, so that stored attempts still point right. */
function keepOldIds(old: Question, rebuilt: Question): Question {
  const oldOptions = optionsOf(old)
  const newOptions = optionsOf(rebuilt)
  const sameTexts =
    oldOptions.length === newOptions.length &&
    newOptions.every((o) => oldOptions.some((p) => p.text === o.text))
  if (!sameTexts || old.kind !== rebuilt.kind) return rebuilt
  const idOf = new Map(newOptions.map((o) => [o.id, oldOptions.find((p) => p.text === o.text)!.id]))
  const reordered = oldOptions.map((p) => {
    const fresh = newOptions.find((o) => o.text === p.text)!
    return { id: p.id, text: fresh.text, feedback: fresh.feedback }
  })
  if (rebuilt.kind === 'chronology') {
    return { ...rebuilt, items: reordered, order: rebuilt.order.map((id) => idOf.get(id)!) }
  }
  return { ...rebuilt, options: reordered, key: idOf.get(rebuilt.key)! } as Question
}

function statusOf(old: Question, now: Question): QuestionChangeStatus {
  if (canonicalJson(old) === canonicalJson(now)) return 'unchanged'
  const shape = (q: Question) =>
    canonicalJson({ stem: q.stem, options: optionsOf(q).map((o) => [o.id, o.text]) })
  if (shape(old) !== shape(now)) return 'rewritten'
  return keyText(old) === keyText(now) ? 'feedback_changed' : 'key_changed'
}
