/**
 * Requests counted by route template, method and status in plain maps: after the first request
 * of a kind, counting one is three lookups and an increment, with nothing allocated (prom-client's
 * labelled `inc` would build a label key string per request). The scrape turns them into samples.
 */
export class RequestTally {
  readonly #routes = new Map<string, Map<string, Map<number, number>>>()

  count(route: string, method: string, status: number): void {
    let methods = this.#routes.get(route)
    if (!methods) this.#routes.set(route, (methods = new Map()))
    let statuses = methods.get(method)
    if (!statuses) methods.set(method, (statuses = new Map()))
    statuses.set(status, (statuses.get(status) ?? 0) + 1)
  }

  *entries(): Generator<{ route: string; method: string; status: number; count: number }> {
    for (const [route, methods] of this.#routes)
      for (const [method, statuses] of methods)
        for (const [status, count] of statuses) yield { route, method, status, count }
  }
}
