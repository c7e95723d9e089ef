/** Where an operator's command writes its lines: standard output and standard error, or a test's lists. */
export interface CommandOutput {
  info(line: string): void
  error(line: string): void
}
