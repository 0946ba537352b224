// Errors of the command line (Node-only).

/** Bad input: exit code 2, one-line message. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
  constructor(message: string) {
    // One line whatever the user typed: control characters (newlines from a quoted --set) escaped.
    super(message.replace(/[\u0000-\u001f\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`));
  }
}

/** The run stopped for a reason the user can act on (disk full, training went non-finite): exit 1, one line, no stack trace. */
export class RunStopped extends Error {
  override readonly name = 'RunStopped';
}
