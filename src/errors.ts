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
