/** Where a command writes; tests pass in-memory streams. */
export interface Io {
  readonly stdout: { write(chunk: string): unknown; readonly isTTY?: boolean };
  /** isTTY: a terminal (progress is shown there). */
  readonly stderr: { write(chunk: string): unknown; readonly isTTY?: boolean };
  /** Reads all of standard input; tests pass a string instead. */
  readonly readStdin?: () => string;
  /** `--debug` was given: print the stack traces of internal errors. */
  readonly debug?: boolean;
}

/** Documented exit codes, shared by every command. */
export const EXIT = {
  ok: 0,
  findings: 1,
  usage: 2,
} as const;

export class UsageError extends Error {
  override name = "UsageError";
}
