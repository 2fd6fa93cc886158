import canonicalize from 'canonicalize'

/**
 * RFC 8785 (JCS) canonical JSON: sorted keys, no whitespace, ECMAScript number form. Throws on values JSON
 * cannot carry (NaN, Infinity, lone surrogates, undefined at the top).
 */
export function canonicalJson(value: unknown): string {
  const text = canonicalize(value)
  if (text === undefined) throw new TypeError('canonicalJson: the value has no JSON form')
  return text
}
