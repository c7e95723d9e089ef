/** Web storage that never throws: private windows and locked-down browsers refuse storage. */
function storageOn(storage: () => Storage | undefined) {
  return {
    read(key: string): string | null {
      try {
        return storage()?.getItem(key) ?? null
      } catch {
        return null
      }
    },
    write(key: string, value: string | null): void {
      try {
        if (value === null) storage()?.removeItem(key)
        else storage()?.setItem(key, value)
      } catch {
        // Remembering a preference (or a note for the next load) is a comfort; the console works without it.
      }
    },
  }
}

/** localStorage: what this browser remembers for every tab (a theme, a language). */
export const browserStorage = storageOn(() => globalThis.localStorage)
/** sessionStorage: this tab's only, kept over a reload. */
export const tabStorage = storageOn(() => globalThis.sessionStorage)
