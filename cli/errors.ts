// Errors of the command line (Node-only).

/** Bad input: exit code 2, one-line message. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}
