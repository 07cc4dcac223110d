/** Unreadable gate input: names the source and, where it applies, the field. Exit code 2. */
export class GateInputError extends Error {
  override name = "GateInputError";
  readonly source: string;
  readonly field?: string;
  constructor(source: string, message: string, field?: string) {
    super(`${source}${field ? ` (${field})` : ""}: ${message}`);
    this.source = source;
    if (field !== undefined) this.field = field;
  }
}
