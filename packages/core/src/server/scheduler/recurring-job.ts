/**
 * A job the server runs again and again (scheduler/job-scheduler.ts): on one instance at a time,
 * once per `intervalMs`, whatever the number of instances sharing the database.
 */
export interface RecurringJob {
  /** Unique among the jobs: the key of the job's lease row. */
  name: string
  /** From the end of one run until the job is due again; a failed run is retried after it too. */
  intervalMs: number
  /**
   * One run. What it throws is logged; the process goes on and the job runs again next period.
   * `signal` aborts once the run's lease is lost (another instance took the job over): a long run
   * stops between its steps, so two instances do not run it at once.
   */
  run(signal?: AbortSignal): Promise<void>
}
