import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto'

// OWASP's scrypt floor (N = 2^17 would be its stronger choice; these secrets are 256 random bits, so the work
// factor only matters if the table leaks, and a sign-in must stay quick on a small machine).
const N = 16_384
const r = 8
const p = 1
const KEY_LENGTH = 32

function derive(secret: string, salt: Uint8Array): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(secret, salt, KEY_LENGTH, { N, r, p }, (error, key) => (error ? reject(error) : resolve(key)))
  })
}

/** An scrypt hash of a secret with a fresh 16-byte salt. */
export async function hashSecret(secret: string): Promise<{ salt: Uint8Array; hash: Uint8Array }> {
  const salt = randomBytes(16)
  return { salt, hash: await derive(secret, salt) }
}

/** Whether a secret matches a stored hash, in time that does not depend on where they differ. */
export async function secretMatches(secret: string, salt: Uint8Array, hash: Uint8Array): Promise<boolean> {
  const key = await derive(secret, salt)
  return key.length === hash.length && timingSafeEqual(key, hash)
}
