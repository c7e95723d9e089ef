export type ThrowawayPostgres = { url: string; stop: () => Promise<void> } | { skipped: string }

/** DATABASE_URL when given; otherwise a cluster on a free local port in a temporary folder, or the reason it cannot start. */
export function startThrowawayPostgres(): Promise<ThrowawayPostgres>
