import { dateInWords } from '../english.js'
import type { ChoiceQuestion, ChronologyGrading, ChronologyQuestion, Question, Quiz } from '../model.js'
import { asHtml, escapeXml } from './xml.js'

const GRADING_TYPES: Record<ChronologyGrading, string> = {
  longest_ordered_subset: 'LONGEST_ORDERED_SUBSET',
  relative_to_next_excluding_last: 'RELATIVE_NEXT_EXCLUDE_LAST',
  relative_to_next_including_last: 'RELATIVE_NEXT_INCLUDE_LAST',
}

/**
 * The quiz as Moodle XML, for Moodle's question bank import: one category, then a `multichoice`, `truefalse`
 * or `ordering` question per question, with the feedback of every option. Provenance travels in `idnumber`
 * (template and first event, within Moodle's 100 characters) and in tags (`event:<id>` for every event).
 */
export function toMoodleXml(quiz: Quiz): string {
  const category = `$course$/top/storyledger/${quiz.blueprint.storyId}/${quiz.id}`
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<quiz>',
    '  <question type="category">',
    `    <category><text>${escapeXml(category)}</text></category>`,
    `    <info format="html"><text>${escapeXml(asHtml(`The story as of ${dateInWords(quiz.blueprint.asOf)}.`))}</text></info>`,
    '  </question>',
    ...quiz.questions.flatMap((question) => questionXml(quiz, question)),
    '</quiz>',
    '',
  ]
  return lines.join('\n')
}

/** What Moodle keeps of a question's provenance in `idnumber`: `template@version:first-event-id`. */
export function moodleIdNumber(question: Question): string {
  return `${question.template.id}@${question.template.version}:${question.provenance.eventIds[0]}`.slice(
    0,
    100,
  )
}

function questionXml(quiz: Quiz, question: Question): string[] {
  const type =
    question.kind === 'chronology' ? 'ordering' : question.kind === 'true_false' ? 'truefalse' : 'multichoice'
  return [
    `  <question type="${type}">`,
    `    <name><text>${escapeXml(`${quiz.id} ${question.id} ${question.kind}`)}</text></name>`,
    htmlField('questiontext', question.stem),
    htmlField('generalfeedback', question.generalFeedback),
    '    <defaultgrade>1</defaultgrade>',
    `    <penalty>${question.kind === 'true_false' ? '1' : '0.3333333'}</penalty>`,
    '    <hidden>0</hidden>',
    `    <idnumber>${escapeXml(moodleIdNumber(question))}</idnumber>`,
    ...(question.kind === 'chronology' ? orderingBody(question) : choiceBody(question)),
    '    <tags>',
    ...tagsOf(question).map((tag) => `      <tag><text>${escapeXml(tag)}</text></tag>`),
    '    </tags>',
    '  </question>',
  ]
}

function tagsOf(question: Question): string[] {
  return [
    'storyledger',
    `kind:${question.kind}`,
    `difficulty:${question.difficulty}`,
    `template:${question.template.id}@${question.template.version}`,
    ...question.provenance.eventIds.map((id) => `event:${id}`),
  ]
}

function choiceBody(question: ChoiceQuestion): string[] {
  if (question.kind === 'true_false') {
    return question.options.map((option) =>
      answerXml(
        option.id === 'true' ? 'true' : 'false',
        option.id === question.key ? '100' : '0',
        option.feedback,
        'moodle_auto_format',
      ),
    )
  }
  return [
    '    <single>true</single>',
    '    <shuffleanswers>true</shuffleanswers>',
    '    <answernumbering>abc</answernumbering>',
    ...question.options.map((option) =>
      answerXml(asHtml(option.text), option.id === question.key ? '100' : '0', option.feedback, 'html'),
    ),
  ]
}

function orderingBody(question: ChronologyQuestion): string[] {
  const byId = new Map(question.items.map((item) => [item.id, item]))
  return [
    '    <layouttype>VERTICAL</layouttype>',
    '    <selecttype>ALL</selecttype>',
    `    <selectcount>${question.items.length}</selectcount>`,
    `    <gradingtype>${GRADING_TYPES[question.grading]}</gradingtype>`,
    '    <showgrading>SHOW</showgrading>',
    '    <numberingstyle>none</numberingstyle>',
    // Moodle reads the correct order from the answers' fraction attribute: 1 for the first item, 2 for the next…
    ...question.order.map((id, index) => {
      const item = byId.get(id)!
      return answerXml(asHtml(item.text), String(index + 1), item.feedback, 'html')
    }),
  ]
}

function answerXml(text: string, fraction: string, feedback: string, format: string): string {
  return [
    `    <answer fraction="${fraction}" format="${format}">`,
    `      <text>${escapeXml(text)}</text>`,
    `      <feedback format="html"><text>${escapeXml(asHtml(feedback))}</text></feedback>`,
    '    </answer>',
  ].join('\n')
}

function htmlField(name: string, text: string): string {
  return `    <${name} format="html"><text>${escapeXml(asHtml(text))}</text></${name}>`
}
