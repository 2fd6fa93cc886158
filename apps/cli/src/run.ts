import { StoryledgerError } from '@storyledger/core'
import { exportLogCommand, streamsCommand, verifyCommand } from './commands/log.js'
import { quizCommand } from './commands/quiz.js'
import { diffCommand, replayCommand } from './commands/replay.js'
import { exportCommand, importCommand, storiesCommand } from './commands/stories.js'
import { addTeacherCommand, signInLinkCommand, teachersCommand } from './commands/teachers.js'
import type { Io } from './open-store.js'
import { CommandError, UsageError } from './usage-error.js'

export type { Io } from './open-store.js'

const usage = `usage: storyledger <command> [options]

stories:
  stories [--json]                         the stories in the log, and the bundled ones to import
  import FILE|STORY [--json]               import a story file (or a bundled story by id); re-import writes nothing
  export STORY [--out FILE]                write a story of the log in the story file format
  replay STORY [--as-of DAY] [--known-at DAY|INSTANT] [--latest N] [--json]
                                           the state of the deal as of a day, as the log knew it then
  diff STORY --from DAY [--to DAY] [--known-at DAY|INSTANT] [--json]
                                           what changed in the story between two days
  quiz STORY --as-of DAY [--known-at INSTANT] [--count N] [--kinds who,numeric,…] [--seed S]
       [--format text|json|moodle|gift|qti] [--out FILE]
                                           a quiz with its keys, or exported for Moodle (XML, GIFT) or Canvas (QTI)

the log:
  verify [FILE] [--root HEX] [--json]      check an exported log offline, or (no FILE) the database's log
  export-log [--out FILE]                  write the whole log as NDJSON (stdout by default)
  streams [--json]                         list the streams of the log

teachers:
  add-teacher NAME [--base-url URL] [--json]   add a teacher; prints a one-time sign-in link
  sign-in-link NAME [--base-url URL] [--json]  a new one-time sign-in link for a teacher
  teachers [--json]                            list the teachers

The database is embedded (PGlite, in STORYLEDGER_DATA_DIR, default .data/storyledger) unless DATABASE_URL is set.
Exit codes: 0 done; 1 a check failed or a file is invalid (nothing written); 2 bad usage or another error.`

const commands: Record<string, (args: string[], io: Io) => Promise<number>> = {
  stories: storiesCommand,
  import: importCommand,
  export: exportCommand,
  replay: replayCommand,
  diff: diffCommand,
  quiz: quizCommand,
  verify: verifyCommand,
  'export-log': exportLogCommand,
  streams: streamsCommand,
  'add-teacher': addTeacherCommand,
  'sign-in-link': signInLinkCommand,
  teachers: teachersCommand,
}

/** Runs one command; returns the exit code. */
export async function run(argv: readonly string[], io: Io): Promise<number> {
  const [command, ...rest] = argv
  if (command === undefined || command === 'help' || command === '--help' || command === '-h') {
    io.out(usage)
    return command === undefined ? 2 : 0
  }
  const handler = Object.hasOwn(commands, command) ? commands[command] : undefined
  try {
    if (handler === undefined) throw new UsageError(`unknown command "${command}"`)
    return await handler(rest, io)
  } catch (error) {
    if (error instanceof UsageError || isParseArgsError(error)) {
      io.err(`storyledger: ${(error as Error).message}\n\n${usage}`)
      return 2
    }
    if (
      error instanceof CommandError ||
      error instanceof StoryledgerError ||
      (error as NodeJS.ErrnoException).code === 'ENOENT'
    ) {
      const { message } = error as Error
      io.err(`storyledger: ${message}`)
      for (const line of issueLines(error)) if (!message.includes(line)) io.err(`  ${line}`)
      return 2
    }
    throw error
  }
}

function isParseArgsError(error: unknown): boolean {
  return error instanceof TypeError && /^ERR_PARSE_ARGS/.test((error as NodeJS.ErrnoException).code ?? '')
}

/** The validation issues a typed error carries, one per line. */
function issueLines(error: unknown): string[] {
  const issues = (error as { issues?: unknown }).issues
  if (!Array.isArray(issues)) return []
  return issues.map(
    (i: { path?: unknown[]; message?: string }) =>
      `${(i.path ?? []).join('.') || '(value)'}: ${i.message ?? ''}`,
  )
}
