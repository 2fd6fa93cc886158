import { describe, expect, it } from 'vitest'
import { cli } from '../fixtures/cli.js'

describe('storyledger replay / diff', () => {
  it('replays the TikTok saga as the sources give it on 1 August and 13 September 2020', async () => {
    const c = cli()
    expect(await c.run('import', 'tiktok-us-saga-2020-2026')).toBe(0)

    expect(await c.run('replay', 'tiktok-us-saga-2020-2026', '--as-of', '2020-09-13', '--json')).toBe(0)
    const { state } = JSON.parse(c.out[0] ?? '')
    expect(state.partner).toMatchObject({ partnerId: 'oracle', selectedById: 'bytedance' })
    expect(state.parties.microsoft.standing).toBe('rejected')

    expect(await c.run('replay', 'tiktok-us-saga-2020-2026', '--as-of', '2020-09-13')).toBe(0)
    const text = c.out.join('\n')
    expect(text).toMatch(/Partner: Oracle, "trusted tech(nical|nology)? partner", chosen by ByteDance/)
    expect(text).toMatch(/│ Microsoft\s+│ company\s+│ rejected\s+│ 2020-09-13/)
    expect(text).toContain('Latest developments')

    expect(await c.run('replay', 'tiktok-us-saga-2020-2026', '--as-of', '2020-08-01', '--json')).toBe(0)
    const early = JSON.parse(c.out[0] ?? '').state
    expect(early.partner).toBeNull()
    expect(early.parties.oracle).toBeUndefined()
  })

  it('shows nothing the log had not recorded by --known-at', async () => {
    const c = cli()
    await c.run('import', 'tiktok-us-saga-2020-2026')
    expect(
      await c.run(
        'replay',
        'tiktok-us-saga-2020-2026',
        '--as-of',
        '2020-09-13',
        '--known-at',
        '2000-01-01',
        '--json',
      ),
    ).toBe(0)
    const { state } = JSON.parse(c.out[0] ?? '')
    expect(state.partner).toBeNull()
    expect(state.parties).toEqual({})
  })

  it('lists what changed between two days', async () => {
    const c = cli()
    await c.run('import', 'tiktok-us-saga-2020-2026')
    expect(
      await c.run('diff', 'tiktok-us-saga-2020-2026', '--from', '2020-09-01', '--to', '2020-09-20'),
    ).toBe(0)
    expect(c.out[0]).toMatch(/^What changed between 2020-09-01 and 2020-09-20: \d+ change\(s\)$/)
    expect(c.out).toContain('  Microsoft: interested → rejected')
    expect(c.out).toContainEqual(expect.stringMatching(/^ {2}Partner: none → Oracle/))

    expect(
      await c.run('diff', 'tiktok-us-saga-2020-2026', '--from', '2020-09-01', '--to', '2020-09-20', '--json'),
    ).toBe(0)
    const { changes } = JSON.parse(c.out[0] ?? '')
    expect(changes).toContainEqual(
      expect.objectContaining({
        kind: 'standing-changed',
        partyId: 'microsoft',
        from: 'interested',
        to: 'rejected',
      }),
    )
  })

  it('explains a bad date or a missing option with exit code 2', async () => {
    const c = cli()
    await c.run('import', 'tiktok-oracle-2020')
    expect(await c.run('replay', 'tiktok-oracle-2020', '--as-of', '2020-13-45')).toBe(2)
    expect(c.err[0]).toMatch(/^storyledger: Invalid as-of options: validAt: /)
    expect(await c.run('diff', 'tiktok-oracle-2020')).toBe(2)
    expect(c.err[0]).toContain('diff needs --from DAY')
    expect(await c.run('replay', 'tiktok-oracle-2020', '--latest', 'many')).toBe(2)
    expect(await c.run('replay', 'tiktok-oracle-2020', '--as-of')).toBe(2)
  })
})
