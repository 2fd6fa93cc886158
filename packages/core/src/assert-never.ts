/** Makes a `switch` over a closed union exhaustive: a new member breaks the build until it is handled. */
export function assertNever(value: never): never {
  throw new Error(`Unhandled case: ${JSON.stringify(value)}`)
}
