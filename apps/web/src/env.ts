import { z } from 'zod'

const Env = z.object({
  PORT: z.coerce.number().int().min(0).max(65_535).default(3000),
  HOST: z.string().default('127.0.0.1'),
  /** PostgreSQL instead of the embedded database. */
  DATABASE_URL: z.string().url().optional(),
  /** Where the embedded database keeps its files. */
  STORYLEDGER_DATA_DIR: z.string().default('.data/storyledger'),
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
