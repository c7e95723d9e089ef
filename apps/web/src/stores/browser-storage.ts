/** localStorage that never throws: private windows and locked-down browsers refuse storage. */
export const browserStorage = {
  read(key: string): string | null {
    try {
      return globalThis.localStorage?.getItem(key) ?? null
    } catch {
      return null
    }
  },
  write(key: string, value: string | null): void {
    try {
      if (value === null) globalThis.localStorage?.removeItem(key)
      else globalThis.localStorage?.setItem(key, value)
    } catch {
      // Remembering a preference is a comfort; the console works without it.
    }
  },
}
