/** Exit codes of `gatehouse`. */
export const ExitCode = {
  OK: 0,
  /** The server answered with an error (`{code, message, field}`). */
  REFUSED: 1,
  /** Bad command line, or a spec file that cannot be read or parsed. */
  USAGE: 2,
  /** The server could not be reached (refused, timed out, unknown host). */
  UNREACHABLE: 3,
} as const;

/** A failure the CLI reports as one line on stderr and an exit code. */
export class CliError extends Error {
  constructor(
    readonly exitCode: number,
    message: string,
  ) {
    super(message);
    this.name = 'CliError';
  }
}

/** The server refused a request: its HTTP status and catalogue code, for callers that retry. */
export class RefusedError extends CliError {
  constructor(
    readonly status: number,
    readonly code: string | undefined,
    message: string,
  ) {
    super(ExitCode.REFUSED, message);
    this.name = 'RefusedError';
  }
}
