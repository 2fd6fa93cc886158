export {
  countOf,
  dateInWords,
  formatNumber,
  kindNoun,
  listInWords,
  onDate,
  possessive,
  sentence,
  whichOf,
  withArticle,
} from './english.js'
export { escapeGift, toGift } from './exports/gift.js'
export { moodleIdNumber, toMoodleXml } from './exports/moodle-xml.js'
export { toQtiPackage } from './exports/qti.js'
export {
  type GenerateFailure,
  type GenerateResult,
  generateQuiz,
  type QuizInput,
} from './generate/generate-quiz.js'
export {
  chronologyFraction,
  type Grade,
  gradeAttempt,
  gradeResponses,
  type MarkStatus,
  type QuestionMark,
} from './grade.js'
export {
  AttemptsMismatchError,
  type ItemStatistics,
  itemStatistics,
  type QuizStatistics,
} from './item-statistics.js'
export {
  Blueprint,
  ChoiceKind,
  ChoiceQuestion,
  ChronologyGrading,
  ChronologyQuestion,
  Difficulty,
  DifficultyMix,
  Provenance,
  Question,
  QuestionKind,
  Quiz,
  QuizOption,
  Responses,
  structuralIssues,
  TemplateRef,
} from './model.js'
export {
  carryResponses,
  type QuestionChange,
  type QuestionChangeStatus,
  type RekeyResult,
  rekey,
} from './rekey.js'
export { createSeededRandom, type SeededRandom } from './seeded-random.js'
export {
  responsesFromStudent,
  StudentAnswers,
  StudentQuestion,
  StudentQuiz,
  toStudentQuiz,
} from './student-quiz.js'
