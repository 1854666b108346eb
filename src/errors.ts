// The tool's two error types, thrown at the edges. Faults of workloads are data (types.ts Fault), not errors.

/** Bad usage, flag, input or config: the entry prints one line and exits 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError'
  readonly exitCode = 2
}

/** A merge gate failed: the entry exits 1 after the report is written. */
export class GateFailure extends Error {
  override readonly name = 'GateFailure'
  readonly exitCode = 1
}

/** One line for any thrown value, including non-Error throws. */
export function formatError(error: unknown): string {
  if (error instanceof Error) {
    const cause = error.cause === undefined ? '' : ` (cause: ${formatError(error.cause)})`
    return `${error.message}${cause}`.replace(/\s*\n\s*/g, ' ')
  }
  if (typeof error === 'string') return error
  try {
    return JSON.stringify(error) ?? String(error)
  } catch {
    return String(error)
  }
}

/** A config or input error naming its source, field and the allowed values, as one line. */
export function invalid(source: string, field: string, problem: string): UsageError {
  return new UsageError(`${source}: ${field}: ${problem}`)
}
