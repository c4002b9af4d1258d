/** An error a user can act on: printed without a stack trace, with one line per problem. */
export class LeoError extends Error {
  constructor(
    message: string,
    readonly problems: string[] = [],
  ) {
    super(message);
    this.name = 'LeoError';
  }

  override toString(): string {
    return [this.message, ...this.problems.map((p) => `  - ${p}`)].join('\n');
  }
}

/** What fn returns, or the LeoError it throws as text for a screen; any other error still throws. */
export function attempt<T>(fn: () => T): T | { problem: string } {
  try {
    return fn();
  } catch (error) {
    if (error instanceof LeoError) return { problem: error.toString() };
    throw error;
  }
}
