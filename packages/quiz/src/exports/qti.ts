import { strToU8, zipSync } from 'fflate'
import type { ChoiceQuestion, ChronologyQuestion, Question, Quiz } from '../model.js'
import { escapeXml } from './xml.js'

const QTI_NS =
  'xmlns="http://www.imsglobal.org/xsd/imsqti_v2p1" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" ' +
  'xsi:schemaLocation="http://www.imsglobal.org/xsd/imsqti_v2p1 http://www.imsglobal.org/xsd/qti/qtiv2p1/imsqti_v2p1.xsd"'

/**
 * The quiz as an IMS QTI 2.1 content package (a zip with `imsmanifest.xml`, an assessment test and one item
 * file per question), as Canvas and other LMSs import it. Returns the bytes; writing them is the caller's job.
 * A chronology becomes an `orderInteraction` scored all or nothing (QTI has no Moodle partial credit); the
 * package is the same bytes for the same quiz.
 */
export function toQtiPackage(quiz: Quiz): Uint8Array {
  const files: Record<string, Uint8Array> = {
    'imsmanifest.xml': strToU8(manifestXml(quiz)),
    'assessment.xml': strToU8(assessmentTestXml(quiz)),
  }
  for (const question of quiz.questions) files[itemPath(question)] = strToU8(assessmentItemXml(question))
  // A fixed time stamp, built from local fields so the zip's DOS time is the same in every time zone.
  const [year, month, day] = quiz.blueprint.asOf.split('-').map(Number) as [number, number, number]
  return zipSync(files, { level: 6, mtime: new Date(Math.max(year, 1980), month - 1, day, 12) })
}

function itemPath(question: Question): string {
  return `items/${question.id}.xml`
}

/** QTI identifiers must not start with a digit: option ids get a prefix. */
function choiceId(optionId: string): string {
  return `o_${optionId}`
}

function manifestXml(quiz: Quiz): string {
  const items = quiz.questions.map(
    (q) =>
      `    <resource identifier="item-${q.id}" type="imsqti_item_xmlv2p1" href="${itemPath(q)}">\n` +
      `      <file href="${itemPath(q)}"/>\n    </resource>`,
  )
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<manifest xmlns="http://www.imsglobal.org/xsd/imscp_v1p1" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" identifier="manifest-${quiz.id}" xsi:schemaLocation="http://www.imsglobal.org/xsd/imscp_v1p1 http://www.imsglobal.org/xsd/qti/qtiv2p1/qtiv2p1_imscpv1p2_v1p0.xsd">`,
    '  <metadata>',
    '    <schema>QTIv2.1 Package</schema>',
    '    <schemaversion>1.0.0</schemaversion>',
    '  </metadata>',
    '  <organizations/>',
    '  <resources>',
    `    <resource identifier="test-${quiz.id}" type="imsqti_test_xmlv2p1" href="assessment.xml">`,
    '      <file href="assessment.xml"/>',
    ...quiz.questions.map((q) => `      <dependency identifierref="item-${q.id}"/>`),
    '    </resource>',
    ...items,
    '  </resources>',
    '</manifest>',
    '',
  ].join('\n')
}

function assessmentTestXml(quiz: Quiz): string {
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<assessmentTest ${QTI_NS} identifier="${quiz.id}" title="${escapeXml(`${quiz.blueprint.storyId} as of ${quiz.blueprint.asOf}`)}">`,
    '  <outcomeDeclaration identifier="SCORE" cardinality="single" baseType="float"/>',
    '  <testPart identifier="part-1" navigationMode="nonlinear" submissionMode="simultaneous">',
    '    <assessmentSection identifier="section-1" title="Questions" visible="true">',
    ...quiz.questions.map((q) => `      <assessmentItemRef identifier="${q.id}" href="${itemPath(q)}"/>`),
    '    </assessmentSection>',
    '  </testPart>',
    '  <outcomeProcessing>',
    '    <setOutcomeValue identifier="SCORE"><sum><testVariables variableIdentifier="SCORE"/></sum></setOutcomeValue>',
    '  </outcomeProcessing>',
    '</assessmentTest>',
    '',
  ].join('\n')
}

function assessmentItemXml(question: Question): string {
  const ordered = question.kind === 'chronology'
  const correct = ordered ? question.order.map(choiceId) : [choiceId(question.key)]
  const options = ordered ? question.items : question.options
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<assessmentItem ${QTI_NS} identifier="${question.id}" title="${escapeXml(`${question.id} ${question.kind}`)}" adaptive="false" timeDependent="false">`,
    `  <responseDeclaration identifier="RESPONSE" cardinality="${ordered ? 'ordered' : 'single'}" baseType="identifier">`,
    `    <correctResponse>${correct.map((id) => `<value>${id}</value>`).join('')}</correctResponse>`,
    '  </responseDeclaration>',
    '  <outcomeDeclaration identifier="SCORE" cardinality="single" baseType="float">',
    '    <defaultValue><value>0</value></defaultValue>',
    '  </outcomeDeclaration>',
    `  <outcomeDeclaration identifier="FEEDBACK" cardinality="single" baseType="identifier"/>`,
    '  <itemBody>',
    ...(ordered ? orderBody(question) : choiceBody(question)),
    '  </itemBody>',
    '  <responseProcessing>',
    '    <responseCondition>',
    '      <responseIf>',
    '        <match><variable identifier="RESPONSE"/><correct identifier="RESPONSE"/></match>',
    '        <setOutcomeValue identifier="SCORE"><baseValue baseType="float">1</baseValue></setOutcomeValue>',
    '      </responseIf>',
    '    </responseCondition>',
    ...(ordered
      ? []
      : ['    <setOutcomeValue identifier="FEEDBACK"><variable identifier="RESPONSE"/></setOutcomeValue>']),
    '  </responseProcessing>',
    ...(ordered
      ? []
      : options.map(
          (o) =>
            `  <modalFeedback outcomeIdentifier="FEEDBACK" identifier="${choiceId(o.id)}" showHide="show">${escapeXml(o.feedback)}</modalFeedback>`,
        )),
    `  <!-- provenance: template ${escapeXml(`${question.template.id}@${question.template.version}`)}; events ${question.provenance.eventIds.join(' ')} -->`,
    '</assessmentItem>',
    '',
  ].join('\n')
}

function choiceBody(question: ChoiceQuestion): string[] {
  return [
    `    <choiceInteraction responseIdentifier="RESPONSE" shuffle="${question.kind === 'true_false' ? 'false' : 'true'}" maxChoices="1">`,
    `      <prompt>${escapeXml(question.stem)}</prompt>`,
    ...question.options.map(
      (o) => `      <simpleChoice identifier="${choiceId(o.id)}">${escapeXml(o.text)}</simpleChoice>`,
    ),
    '    </choiceInteraction>',
  ]
}

function orderBody(question: ChronologyQuestion): string[] {
  return [
    '    <orderInteraction responseIdentifier="RESPONSE" shuffle="true">',
    `      <prompt>${escapeXml(question.stem)}</prompt>`,
    ...question.items.map(
      (o) => `      <simpleChoice identifier="${choiceId(o.id)}">${escapeXml(o.text)}</simpleChoice>`,
    ),
    '    </orderInteraction>',
  ]
}
