import type { Question, Quiz } from '../model.js'

/** Text escaped for GIFT: a backslash before each of `~ = # { } :` (and before a backslash). */
export function escapeGift(text: string): string {
  return text.replace(/[\\~=#{}:]/g, (c) => `\\${c}`).replace(/\r?\n/g, '\\n')
}

/**
 * The quiz in Moodle's GIFT format. GIFT has no ordering question, so a chronology becomes a matching question
 * (each development to its place, "1st", "2nd"…); true/false keeps its feedback for a wrong then a right answer.
 * Provenance travels in Moodle's `[id:…]` and `[tag:…]` comments.
 */
export function toGift(quiz: Quiz): string {
  const blocks = [`$CATEGORY: $course$/top/storyledger/${quiz.blueprint.storyId}/${quiz.id}`]
  for (const question of quiz.questions) blocks.push(questionGift(quiz, question))
  return `${blocks.join('\n\n')}\n`
}

function questionGift(quiz: Quiz, question: Question): string {
  const tags = [
    `kind-${question.kind}`,
    `difficulty-${question.difficulty}`,
    ...question.provenance.eventIds.map((id) => `event-${id}`),
  ]
  const header = [
    `// ${quiz.id} ${question.id}: ${question.template.id} v${question.template.version}`,
    `// [id:${question.template.id}@${question.template.version}/${question.provenance.eventIds[0]}] ${tags.map((t) => `[tag:${t}]`).join(' ')}`,
  ]
  const title = `::${escapeGift(`${question.id} ${question.kind}`)}::${escapeGift(question.stem)}`
  const general = `####${escapeGift(question.generalFeedback)}`
  if (question.kind === 'chronology') {
    const textOf = new Map(question.items.map((i) => [i.id, i.text]))
    const pairs = question.order.map(
      (id, index) => `  =${escapeGift(textOf.get(id)!)} -> ${ordinal(index + 1)}`,
    )
    return [...header, `${title} {`, ...pairs, `  ${general}`, '}'].join('\n')
  }
  if (question.kind === 'true_false') {
    const right = question.options.find((o) => o.id === question.key)!
    const wrong = question.options.find((o) => o.id !== question.key)!
    const answer = question.key === 'true' ? 'TRUE' : 'FALSE'
    return [
      ...header,
      `${title} {${answer}#${escapeGift(wrong.feedback)}#${escapeGift(right.feedback)}${general}}`,
    ].join('\n')
  }
  const answers = question.options.map(
    (o) => `  ${o.id === question.key ? '=' : '~'}${escapeGift(o.text)}#${escapeGift(o.feedback)}`,
  )
  return [...header, `${title} {`, ...answers, `  ${general}`, '}'].join('\n')
}

function ordinal(n: number): string {
  return `${n}${n === 1 ? 'st' : n === 2 ? 'nd' : n === 3 ? 'rd' : 'th'}`
}
