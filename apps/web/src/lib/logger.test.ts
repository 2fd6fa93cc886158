import { describe, expect, it } from 'vitest'
import { createLogger } from './logger.js'

describe('the logger', () => {
  it('keeps what is at or above its level and drops the rest', () => {
    const lines: string[] = []
    const logger = createLogger(
      'warn',
      (line) => lines.push(line),
      () => new Date('2026-01-01T00:00:00Z'),
    )
    logger.debug('no')
    logger.info('no')
    logger.warn('careful', { n: 1 })
    logger.error('broken')
    expect(lines.map((l) => JSON.parse(l))).toEqual([
      { time: '2026-01-01T00:00:00.000Z', level: 'warn', msg: 'careful', n: 1 },
      { time: '2026-01-01T00:00:00.000Z', level: 'error', msg: 'broken' },
    ])
  })

  it('writes nothing when silent', () => {
    const lines: string[] = []
    createLogger('silent', (line) => lines.push(line)).error('x')
    expect(lines).toEqual([])
  })
})
