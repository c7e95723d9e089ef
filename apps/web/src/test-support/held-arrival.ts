/**
 * A download the test holds back (a slow connection): `arrived` settles once the test calls
 * `arrive`. Made in `vi.hoisted`, so that a `vi.mock` factory can wait for it; this module imports
 * nothing, so nothing is loaded before the test file's mocks are in place.
 */
export function heldArrival(): { arrived: Promise<void>; arrive: () => void } {
  let arrive: () => void = () => undefined
  const arrived = new Promise<void>((resolve) => (arrive = resolve))
  return { arrived, arrive }
}
