import type { LogLevel } from '../env.js'

export interface Logger {
  error(message: string, fields?: Record<string, unknown>): void
  warn(message: string, fields?: Record<string, unknown>): void
  info(message: string, fields?: Record<string, unknown>): void
  debug(message: string, fields?: Record<string, unknown>): void
}

const rank: Record<LogLevel, number> = { silent: 0, error: 1, warn: 2, info: 3, debug: 4 }

/** A logger that writes one JSON object per line, dropping what is below `level`. */
export function createLogger(
  level: LogLevel,
  write: (line: string) => void = (line) => process.stdout.write(`${line}\n`),
  clock: () => Date = () => new Date(),
): Logger {
  const at =
    (entryLevel: Exclude<LogLevel, 'silent'>) =>
    (message: string, fields: Record<string, unknown> = {}) => {
      if (rank[entryLevel] > rank[level]) return
      write(JSON.stringify({ time: clock().toISOString(), level: entryLevel, msg: message, ...fields }))
    }
  return { error: at('error'), warn: at('warn'), info: at('info'), debug: at('debug') }
}

export const silentLogger: Logger = createLogger('silent')
