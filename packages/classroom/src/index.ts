export { migrateClassroom } from './migrations.js'
export {
  type Attempt,
  allowJoinTry,
  claimSubmission,
  createJoinCode,
  DisplayName,
  findAttempt,
  findPublishedQuiz,
  findQuizByJoinCode,
  joinCodeHash,
  listAttempts,
  listPublishedQuizzes,
  normaliseJoinCode,
  type PublishedQuiz,
  recordPublishedQuiz,
  recordRegrades,
  releaseClaim,
  startAttempt,
} from './quizzes.js'
export type { ClassroomTables } from './schema.js'
export { storedSessionSecret } from './session-secret.js'
export {
  type AddTeacherOutcome,
  addTeacher,
  type ClockOption,
  ensureFirstTeacher,
  findTeacher,
  type IssuedToken,
  type IssueTokenOptions,
  issueSignInToken,
  listTeachers,
  type RedeemOutcome,
  redeemSignInToken,
  type Teacher,
  TeacherName,
  TeacherRole,
} from './teachers.js'
