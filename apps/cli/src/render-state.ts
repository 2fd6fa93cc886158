import type { OccurredOn } from '@storyledger/core'
import { type DealState, nameOf } from '@storyledger/projection'
import Table from 'cli-table3'

/** Plain borders and no colours: the output goes to terminals, files and pipes alike. */
function table(head: string[], colWidths?: number[]): Table.Table {
  return new Table({
    head,
    style: { head: [], border: [] },
    wordWrap: true,
    ...(colWidths ? { colWidths } : {}),
  })
}

export function dateText(date: OccurredOn | null | undefined): string {
  if (date === null || date === undefined || date === 'unknown') return 'date unknown'
  return date
}

/** The state of the deal as tables: parties and standings, the partner, deadlines with due dates, statements. */
export function renderState(state: DealState, options: { heading: string; latest?: number }): string {
  const latest = options.latest ?? 5
  const lines: string[] = [options.heading, '']
  if (state.story) lines.push(`${state.story.title}: ${state.story.subject}`, '')
  lines.push(`Phase: ${state.phase.replaceAll('_', ' ')}`)
  if (state.partner) {
    const p = state.partner
    lines.push(
      `Partner: ${nameOf(state, p.partnerId)}, "${p.role}", chosen by ${nameOf(state, p.selectedById)} (${dateText(p.occurredOn)})`,
    )
  }
  lines.push('')

  const parties = Object.values(state.parties)
  if (parties.length === 0) lines.push('No party has come forward yet.')
  else {
    const t = table(['Party', 'Kind', 'Standing', 'Since', 'Before'])
    for (const party of parties) {
      const last = party.history[party.history.length - 1]
      const earlier = party.history.slice(0, -1).map((h) => h.standing)
      t.push([
        nameOf(state, party.partyId),
        state.entities[party.partyId]?.kind ?? '',
        party.standing,
        dateText(last?.occurredOn),
        earlier.join(' → '),
      ])
    }
    lines.push(t.toString())
  }

  const deadlines = Object.values(state.deadlines)
  if (deadlines.length > 0) {
    lines.push('', 'Deadlines')
    const t = table(['Deadline', 'Set by', 'Runs', 'Due', 'Changes'], [44, 16, 25, 14, 28])
    for (const d of deadlines) {
      const runs = [
        d.durationDays === undefined ? '' : `${d.durationDays} days`,
        d.startsOn ? `from ${d.startsOn}` : '',
      ]
        .filter(Boolean)
        .join(' ')
      const due = d.dueOn === null ? 'cannot be computed' : `${d.dueOn}${d.approximate ? ' (approx.)' : ''}`
      const changes = d.history
        .filter((h) => h.change === 'extended')
        .map((h) => `extended${h.byDays ? ` by ${h.byDays} days` : ''} to ${h.dueOn ?? '?'}`)
        .join('; ')
      t.push([d.description, nameOf(state, d.setById), runs, due, changes])
    }
    lines.push(t.toString())
  }

  if (state.statements.length > 0) {
    lines.push(
      '',
      `Latest statements (${Math.min(latest, state.statements.length)} of ${state.statements.length})`,
    )
    for (const s of state.statements.slice(-latest).reverse()) {
      const quote = s.paraphrased ? `(paraphrased) ${s.quote}` : `"${s.quote}"`
      lines.push(`  ${dateText(s.occurredOn)}  ${nameOf(state, s.speakerId)}: ${quote}`)
    }
  }
  return lines.join('\n')
}
