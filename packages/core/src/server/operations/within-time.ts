/**
 * The promise's value, or undefined when it fails or has not settled within `ms`: for figures and
 * probes that must answer in time (readiness, metrics) whatever the database does. The work itself
 * is not cancelled; the timer does not hold the process open.
 */
export async function withinTime<T>(promise: Promise<T>, ms: number): Promise<T | undefined> {
  let timer: NodeJS.Timeout | undefined
  const late = new Promise<undefined>((resolve) => {
    timer = setTimeout(resolve, ms, undefined)
    timer.unref()
  })
  try {
    return await Promise.race([promise.catch(() => undefined), late])
  } finally {
    clearTimeout(timer)
  }
}
