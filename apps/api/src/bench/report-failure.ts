/** Ends a bench's run that failed with the error's message and a failing exit code, without a stack trace. */
export function reportFailure(run: Promise<void>): void {
  run.catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error)
    process.exitCode = 1
  })
}
