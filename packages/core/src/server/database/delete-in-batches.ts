/**
 * Rows deleted per statement by the prune jobs. Each statement commits on its own, so neither
 * SQLite (one writer) nor PostgreSQL holds its locks for longer than a few hundred rows take,
 * whatever the backlog.
 */
export const PRUNE_BATCH_SIZE = 500

/** One turn of the event loop: timers, I/O and requests waiting behind a synchronous driver run first. */
function nextTurn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve))
}

/**
 * Repeats a batched delete (a statement deleting at most `batchSize` rows, chosen by key in a
 * subselect with LIMIT) until a batch deletes less than a full batch; answers the rows deleted.
 * Between batches it yields to the event loop: on SQLite every statement runs synchronously on
 * the main thread, so without it a large backlog would hold every request until the last batch.
 */
export async function deleteInBatches(
  batchSize: number,
  deleteBatch: () => Promise<bigint>,
): Promise<number> {
  let total = 0
  for (;;) {
    const deleted = Number(await deleteBatch())
    total += deleted
    if (deleted < batchSize) return total
    await nextTurn()
  }
}
