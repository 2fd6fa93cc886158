/**
 * RFC 8785 (JCS) canonical JSON: sorted keys, no whitespace, ECMAScript number form. Throws on values JSON
 * cannot carry (NaN, Infinity, lone surrogates, undefined at the top).
 */
export function canonicalJson(value: unknown): string {
  const text = write(value, [])
  if (text === undefined) throw new TypeError('canonicalJson: the value has no JSON form')
  return text
}

// Written by hand for speed on the append path (it runs twice per event; the `canonicalize` package took about
// twice as long): one string built in place, a native check for lone surrogates. Like that package and
// JSON.stringify, it honours `toJSON`, leaves undefined and symbol members out of objects and writes them as
// null in arrays; a function inside a value throws.
const stringify = JSON.stringify
const CHECKED_DEPTH = 32
const LONE_SURROGATE = /\p{Cs}/u

function text(value: string): string {
  if (LONE_SURROGATE.test(value)) throw new TypeError('canonicalJson: a string has a lone surrogate')
  return stringify(value)
}

function inner(value: unknown, open: object[]): string {
  const written = write(value, open)
  if (written === undefined) throw new TypeError(`canonicalJson: a ${typeof value} has no JSON form`)
  return written
}

function write(value: unknown, open: object[]): string | undefined {
  switch (typeof value) {
    case 'string':
      return text(value)
    case 'number':
      if (!Number.isFinite(value)) throw new TypeError(`canonicalJson: ${value} is not allowed`)
      return stringify(value)
    case 'object':
      break
    default:
      return stringify(value)
  }
  if (value === null) return 'null'
  // The objects being written, outermost first. A cycle recurses without end, so the list is searched only
  // once it is deep: shallow values (all of a quiz or an event) pay a push and a pop, not a set of objects.
  if (open.length >= CHECKED_DEPTH && open.includes(value))
    throw new TypeError('canonicalJson: circular reference')
  open.push(value)
  let out: string
  const toJSON = (value as { toJSON?: unknown }).toJSON
  if (typeof toJSON === 'function') {
    out = inner(toJSON.call(value), open)
  } else if (Array.isArray(value)) {
    out = '['
    for (let i = 0; i < value.length; i++) {
      const item: unknown = value[i]
      if (i > 0) out += ','
      out += item === undefined || typeof item === 'symbol' ? 'null' : inner(item, open)
    }
    out += ']'
  } else {
    const record = value as Record<string, unknown>
    const { sorted, quoted } = shapeOf(Object.keys(record))
    out = '{'
    let first = true
    for (let i = 0; i < sorted.length; i++) {
      const member = record[sorted[i]!]
      if (member === undefined || typeof member === 'symbol') continue
      out += `${first ? '' : ','}${quoted[i]!}:${inner(member, open)}`
      first = false
    }
    out += '}'
  }
  open.pop()
  return out
}

/** An object's keys in JCS order (UTF-16 code units, as `sort()` compares) and their JSON forms. */
interface Shape {
  readonly keys: readonly string[]
  readonly sorted: readonly string[]
  readonly quoted: readonly string[]
}

// Objects come in a few shapes again and again (a quiz's questions and options, an event's envelope): the
// last shapes are kept, found by comparing key lists (property names are interned, so equal keys compare as
// one pointer), which spares sorting and quoting the same keys for every object.
const SHAPES_KEPT = 16
const shapes: Shape[] = []

function shapeOf(keys: string[]): Shape {
  search: for (const shape of shapes) {
    if (shape.keys.length !== keys.length) continue
    for (let i = 0; i < keys.length; i++) if (shape.keys[i] !== keys[i]) continue search
    return shape
  }
  const sorted = [...keys].sort()
  const shape = { keys, sorted, quoted: sorted.map(text) }
  if (shapes.length === SHAPES_KEPT) shapes.shift()
  shapes.push(shape)
  return shape
}
