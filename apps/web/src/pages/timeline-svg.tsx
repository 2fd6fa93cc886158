const DAY_MS = 86_400_000
const WIDTH = 1000
const HEIGHT = 130
const LEFT = 30
const RIGHT = 30
const AXIS_Y = 70

function dayNumber(day: string): number {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number]
  const date = new Date(0)
  date.setUTCFullYear(y, m - 1, d)
  return Math.floor(date.getTime() / DAY_MS)
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec']

export interface TimelinePoint {
  readonly position: number
  readonly occurredOn: string
  /** The day the development is placed on in the story, or null when it has none (undated). */
  readonly day: string | null
  readonly label: string
}

/**
 * The dated developments on one axis: a dot per development on the day the replay places it, ticks at the
 * months, and a dashed line at the as-of date. Developments after it are drawn grey. Undated developments
 * have no place on the axis (the list below it shows them).
 */
export function TimelineSvg(props: {
  /** Tells the drawings of one page apart (their title and description ids). */
  id: string
  title: string
  points: readonly TimelinePoint[]
  asOf?: string | undefined
  /** Only this many days either side of the as-of date (a close-up of a long story). */
  aroundDays?: number
}) {
  const asOfNumber = props.asOf ? dayNumber(props.asOf) : undefined
  const around = props.aroundDays
  const inWindow = (day: number) =>
    around === undefined || asOfNumber === undefined || Math.abs(day - asOfNumber) <= around
  const dated = props.points.flatMap((p) =>
    p.day === null || !inWindow(dayNumber(p.day)) ? [] : [{ ...p, day: p.day }],
  )
  if (dated.length === 0) return null
  const startOf = (p: { day: string }) => dayNumber(p.day)
  const days = dated.map(startOf)
  if (asOfNumber !== undefined) days.push(asOfNumber)
  const min = Math.min(...days) - 3
  const max = Math.max(...days) + 3
  const x = (day: number) => LEFT + ((day - min) / Math.max(1, max - min)) * (WIDTH - LEFT - RIGHT)
  const ticks: { day: number; label: string }[] = []
  // Past a year and a half, one tick a month would crowd the axis: one a year then.
  const yearly = max - min > 550
  const first = new Date(min * DAY_MS)
  for (let y = first.getUTCFullYear(), m = first.getUTCMonth() + 1; ; m++) {
    if (m > 11) {
      m = 0
      y++
    }
    const date = new Date(0)
    date.setUTCFullYear(y, m, 1)
    const day = Math.floor(date.getTime() / DAY_MS)
    if (day > max) break
    if (yearly ? m === 0 : true) ticks.push({ day, label: yearly ? String(y) : `${MONTHS[m]} ${y}` })
  }
  const asOfDay = props.asOf ? dayNumber(props.asOf) : undefined
  // Dots on the same day are stacked upwards, closer together when there are many, so none hides another
  // and the stack stays inside the drawing.
  const perDay = new Map<number, number>()
  for (const point of dated) perDay.set(startOf(point), (perDay.get(startOf(point)) ?? 0) + 1)
  const stacked = new Map<number, number>()
  return (
    <svg
      class="timeline-svg"
      viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
      aria-labelledby={`${props.id}-title ${props.id}-desc`}
    >
      <title id={`${props.id}-title`}>{props.title}</title>
      <desc id={`${props.id}-desc`}>
        {`${dated.length} dated developments, placed from ${dated[0]?.day} to ${dated.at(-1)?.day}`}
        {props.asOf ? `, replayed as of ${props.asOf}` : ''}
      </desc>
      <line class="axis" x1={LEFT} y1={AXIS_Y} x2={WIDTH - RIGHT} y2={AXIS_Y} />
      {ticks.map((tick) => (
        <g>
          <line x1={x(tick.day)} y1={AXIS_Y} x2={x(tick.day)} y2={AXIS_Y + 8} stroke="#9aa5b1" />
          <text class="tick" x={x(tick.day)} y={AXIS_Y + 24} text-anchor="middle">
            {tick.label}
          </text>
        </g>
      ))}
      {dated.map((point) => {
        const day = startOf(point)
        const level = stacked.get(day) ?? 0
        stacked.set(day, level + 1)
        const future = asOfDay !== undefined && day > asOfDay
        return (
          <a href={`#event-${point.position}`} aria-label={`${point.occurredOn}: ${point.label}`}>
            <circle
              class={future ? 'dot future' : 'dot'}
              cx={x(day)}
              cy={AXIS_Y - 10 - level * Math.min(13, 48 / Math.max(1, (perDay.get(day) ?? 1) - 1))}
              r={6}
            >
              <title>{`${point.occurredOn}: ${point.label}`}</title>
            </circle>
          </a>
        )
      })}
      {asOfDay !== undefined ? (
        <g>
          <line class="asof" x1={x(asOfDay)} y1={8} x2={x(asOfDay)} y2={AXIS_Y + 8} />
          <text class="asof-label" x={x(asOfDay) + 5} y={18}>
            {`as of ${props.asOf}`}
          </text>
        </g>
      ) : null}
    </svg>
  )
}
