/**
 * A download the test holds back (a slow connection): `arrived` settles once the test calls
 * `arrive`, and `importOnArrival` is what a `vi.mock` factory answers with, the real module once
 * it has arrived. Made in `vi.hoisted`, so that a `vi.mock` factory can wait for it; this module
 * imports nothing, so nothing is loaded before the test file's mocks are in place.
 * @example vi.mock('./Dialog.vue', (importOriginal) => arrival.importOnArrival(importOriginal))
 */
export function heldArrival(): {
  arrived: Promise<void>
  arrive: () => void
  importOnArrival: <T>(importOriginal: () => Promise<T>) => Promise<T>
} {
  let arrive: () => void = () => undefined
  const arrived = new Promise<void>((resolve) => (arrive = resolve))
  return {
    arrived,
    arrive,
    importOnArrival: async (importOriginal) => {
      await arrived
      return importOriginal()
    },
  }
}
