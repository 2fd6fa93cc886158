import { describe, expect, it } from 'vitest'
import { readEnv } from './env.js'

describe('the environment', () => {
  it('has defaults for development', () => {
    expect(readEnv({})).toMatchObject({ PORT: 3000, LOG_LEVEL: 'info', production: false })
  })

  it('refuses to start in production without a session secret', () => {
    expect(() => readEnv({ NODE_ENV: 'production' })).toThrow(/SESSION_SECRET/)
    expect(() => readEnv({ NODE_ENV: 'production', SESSION_SECRET: 'short' })).toThrow(/at least 32/)
    expect(readEnv({ NODE_ENV: 'production', SESSION_SECRET: 'k'.repeat(32) })).toMatchObject({
      production: true,
    })
  })

  it('refuses an unknown log level', () => {
    expect(() => readEnv({ LOG_LEVEL: 'chatty' })).toThrow(/LOG_LEVEL/)
  })
})
