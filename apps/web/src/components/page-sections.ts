import type { LocationQuery, LocationQueryRaw } from 'vue-router'

/**
 * A page's sections live in the address as `?tab=` (the name dates from when they were tabs, and
 * shared links keep working), so a section can be linked. The first section is the page's own
 * address, without the parameter; an unknown value opens the first section.
 */
export const SECTION_PARAM = 'tab'

export function sectionFromQuery<S extends string>(query: LocationQuery, sections: readonly [S, ...S[]]): S {
  const requested = query[SECTION_PARAM]
  return sections.find((section) => section === requested) ?? sections[0]
}

/** The query that opens `section`, keeping every other parameter of `query`. */
export function queryWithSection<S extends string>(
  query: LocationQuery,
  section: S,
  sections: readonly [S, ...S[]],
): LocationQueryRaw {
  const { [SECTION_PARAM]: _previous, ...rest } = query
  return section === sections[0] ? rest : { ...rest, [SECTION_PARAM]: section }
}
