export type ThrowawayPostgres = { url: string; stop: () => Promise<void> } | { skipped: string }

/** DATABASE_URL when given; otherwise a cluster on a free local port in a temporary folder, or the reason it cannot start. */
export function startThrowawayPostgres(options?: {
  /** Finds a port to try; by default one no one listens on at the moment. */
  probePort?: () => Promise<number>
}): Promise<ThrowawayPostgres>
