// No schema here: the SPA applies the name filter to the cards it shows without loading zod.
/** The form in which names are compared for search: Unicode-normalised and case-folded. */
export function searchableName(value: string): string {
  return value.normalize('NFKC').toLowerCase()
}
