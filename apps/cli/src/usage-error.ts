/** The command line was wrong: the message is shown with the usage, and the exit code is 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError'
}

/** The command cannot do what was asked (no such story…): the message alone is shown, and the exit code is 2. */
export class CommandError extends Error {
  override readonly name = 'CommandError'
}
