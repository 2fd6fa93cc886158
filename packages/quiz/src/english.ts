import type { EntityKind, OccurredOn } from '@storyledger/core'

const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
]

const DAY = /^\d{4}-\d{2}-\d{2}$/

function notAMonth(date: string): never {
  throw new RangeError(`not a month: ${date}`)
}

/**
 * A story date in words, at its own precision: `2020-09-13` → "13 September 2020", `2020-09` → "September 2020",
 * `2020` → "2020", `unknown` → "an unknown date".
 */
export function dateInWords(date: OccurredOn): string {
  if (date === 'unknown') return 'an unknown date'
  // A day, the common case, without splitting the string.
  if (DAY.test(date)) {
    return `${Number(date.slice(8, 10))} ${MONTHS[Number(date.slice(5, 7)) - 1] ?? notAMonth(date)} ${Number(date.slice(0, 4))}`
  }
  const [year, month, day] = date.split('-').map(Number) as [number, number | undefined, number | undefined]
  if (month === undefined) return String(year)
  const monthName = MONTHS[month - 1]
  if (monthName === undefined) throw new RangeError(`not a month: ${date}`)
  return day === undefined ? `${monthName} ${year}` : `${day} ${monthName} ${year}`
}

/** "on 13 September 2020", "in September 2020", "in 2020": the preposition that fits the precision. */
export function onDate(date: OccurredOn): string {
  if (date === 'unknown') return 'at an unknown date'
  return `${date.length === 10 ? 'on' : 'in'} ${dateInWords(date)}`
}

/** "1 day", "45 days"; `plural` defaults to the noun with an "s". */
export function countOf(count: number, singular: string, plural = `${singular}s`): string {
  return `${formatNumber(count)} ${count === 1 ? singular : plural}`
}

/** A number as English prose writes it: thousands separated by commas, at most two decimals. */
export function formatNumber(value: number): string {
  // By hand rather than with Intl: this runs for every figure of a long story, and Intl is slow at that.
  const rounded = Math.round(Math.abs(value) * 100) / 100
  const [whole, fraction] = String(rounded).split('.') as [string, string | undefined]
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',')
  return `${value < 0 ? '-' : ''}${grouped}${fraction === undefined ? '' : `.${fraction}`}`
}

/** "a company", "an outlet", "an executive order": the indefinite article by the sound of the first letter. */
export function withArticle(phrase: string): string {
  return `${startsWithVowelSound(phrase) ? 'an' : 'a'} ${phrase}`
}

function startsWithVowelSound(phrase: string): boolean {
  const word = phrase.trim().split(/\s+/)[0]?.toLowerCase() ?? ''
  if (/^(hour|honest|honou?r|heir)/.test(word)) return true
  if (/^(uni|use|usu|uti|eu|one|once|u\.)/.test(word)) return false
  // Initialisms read letter by letter: "an FBI agent", "a US buyer", "an SEC filing".
  if (/^[A-Z]{2,}/.test(phrase.trim())) return /^[AEFHILMNORSX]/.test(phrase.trim())
  return /^[aeiou]/.test(word)
}

/** "Twitter", "Twitter and Netflix", "Twitter, Netflix and Walmart" (no serial comma, as British style has it). */
export function listInWords(items: readonly string[], conjunction = 'and'): string {
  if (items.length === 0) return ''
  if (items.length === 1) return items[0]!
  return `${items.slice(0, -1).join(', ')} ${conjunction} ${items[items.length - 1]}`
}

const KIND_NOUNS: Record<EntityKind, [singular: string, plural: string]> = {
  company: ['company', 'companies'],
  person: ['person', 'people'],
  government: ['government', 'governments'],
  regulator: ['regulator', 'regulators'],
  court: ['court', 'courts'],
  publication: ['outlet', 'outlets'],
  analyst: ['analyst', 'analysts'],
  unnamed_source: ['source', 'sources'],
  product: ['product', 'products'],
  organization: ['organization', 'organizations'],
}

/** The noun a question uses for an entity kind: "company", "person", "outlet" (plural on request). */
export function kindNoun(kind: EntityKind, count = 1): string {
  const [singular, plural] = KIND_NOUNS[kind]
  return count === 1 ? singular : plural
}

/** "Which company", "Who" (people are "who", everything else "which <noun>"). */
export function whichOf(kind: EntityKind): string {
  return kind === 'person' ? 'Who' : `Which ${kindNoun(kind)}`
}

/** The possessive of a name: "Microsoft's", "Reuters'". */
export function possessive(name: string): string {
  return /s$/.test(name) ? `${name}'` : `${name}'s`
}

/** A sentence with its first letter capitalised and a full stop unless it ends in punctuation already. */
export function sentence(text: string): string {
  const trimmed = text.trim()
  const capitalised = trimmed.charAt(0).toUpperCase() + trimmed.slice(1)
  return /[.!?…]["”’)]?$/.test(capitalised) ? capitalised : `${capitalised}.`
}
