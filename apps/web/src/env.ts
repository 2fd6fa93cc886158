import { z } from 'zod'

export const LogLevel = z.enum(['silent', 'error', 'warn', 'info', 'debug'])
export type LogLevel = z.infer<typeof LogLevel>

const Env = z
  .object({
    PORT: z.coerce.number().int().min(0).max(65_535).default(3000),
    HOST: z.string().default('127.0.0.1'),
    /** PostgreSQL instead of the embedded database. */
    DATABASE_URL: z.string().url().optional(),
    /** Where the embedded database keeps its files. */
    STORYLEDGER_DATA_DIR: z.string().default('.data/storyledger'),
    /**
     * A folder made by `createPgliteTemplate` that a new data directory starts as a copy of, instead of running
     * initdb (default: the one the build makes in `dist/pglite-template`); `none` runs initdb.
     */
    STORYLEDGER_PGLITE_TEMPLATE: z.string().min(1).optional(),
    LOG_LEVEL: LogLevel.default('info'),
    /** Signs session cookies. Required in production; in development one is made once and kept in the database. */
    SESSION_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
    NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
    /** The address people reach the app at, for the printed sign-in link (default: http://HOST:PORT). */
    PUBLIC_URL: z.url({ protocol: /^https?$/ }).optional(),
  })
  .transform((env) => ({ ...env, production: env.NODE_ENV === 'production' }))
  .refine((env) => !env.production || env.SESSION_SECRET !== undefined, {
    path: ['SESSION_SECRET'],
    message: 'production needs a SESSION_SECRET (at least 32 random characters); there is no default',
  })
export type Env = z.infer<typeof Env>

/** The only place the app reads `process.env`. */
export function readEnv(env: NodeJS.ProcessEnv = process.env): Env {
  const parsed = Env.safeParse(env)
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')
    throw new Error(`Invalid environment: ${problems}`)
  }
  return parsed.data
}
