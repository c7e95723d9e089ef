import { CREATED_RANGES, TOKEN_STATES, type CreatedRange, type TokenState } from '@tokens/core'
import type { LocationQuery, LocationQueryRaw } from 'vue-router'

/** The API page's filters as they live in the URL (?name=&created=&state=), so a view can be shared. */
export interface TokenFilterQuery {
  name: string
  created: CreatedRange | undefined
  state: TokenState | undefined
}

export const NO_FILTER: TokenFilterQuery = { name: '', created: undefined, state: undefined }

function first(value: LocationQuery[string] | undefined): string | undefined {
  const single = Array.isArray(value) ? value[0] : value
  return typeof single === 'string' ? single : undefined
}

/** Reads the filters from a URL query; values the core does not know are ignored, not errors. */
export function filterFromQuery(query: LocationQuery): TokenFilterQuery {
  const created = first(query['created'])
  const state = first(query['state'])
  return {
    name: (first(query['name']) ?? '').slice(0, 100),
    created: CREATED_RANGES.find((range) => range === created),
    state: TOKEN_STATES.find((known) => known === state),
  }
}

/** The query for a filter, keeping unrelated parameters and dropping empty filters. */
export function queryWithFilter(query: LocationQuery, filter: TokenFilterQuery): LocationQueryRaw {
  const next: LocationQueryRaw = { ...query }
  delete next['name']
  delete next['created']
  delete next['state']
  if (filter.name.trim()) next['name'] = filter.name
  if (filter.created) next['created'] = filter.created
  if (filter.state) next['state'] = filter.state
  return next
}

export function isFiltered(filter: TokenFilterQuery): boolean {
  return filter.name.trim() !== '' || filter.created !== undefined || filter.state !== undefined
}
