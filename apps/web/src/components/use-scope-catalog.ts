import { scopeOf, type AccountKind, type ScopeCatalog } from '@tokens/core'
import { ref, shallowRef, watch, type Ref } from 'vue'
import type { AdminApi } from '../api/admin-api'
import { useAdminApi } from '../api/admin-api-context'
import { useSessionStore } from '../stores/session-store'

/**
 * Catalogs do not change while the console runs: one request per client, account kind and version
 * is enough. The kind is part of the key: the server answers for the signed-in account's kind, two
 * kinds have versions of the same name (v14 is brand's newest and partner's oldest), and signing in
 * as someone else does not reload the page.
 */
const cache = new WeakMap<AdminApi, Map<string, Promise<ScopeCatalog>>>()

function cachedCatalog(
  api: AdminApi,
  kind: AccountKind | undefined,
  apiVersion: string,
): Promise<ScopeCatalog> {
  let byKey = cache.get(api)
  if (!byKey) {
    byKey = new Map()
    cache.set(api, byKey)
  }
  const key = `${kind ?? ''} ${apiVersion}`
  let pending = byKey.get(key)
  if (!pending) {
    pending = api.catalog(apiVersion)
    byKey.set(key, pending)
    pending.catch(() => byKey.delete(key))
  }
  return pending
}

/** The scope catalog of the account's kind for `apiVersion`, following it when it changes. */
export function useScopeCatalog(apiVersion: Ref<string>) {
  const api = useAdminApi()
  const session = useSessionStore()
  const catalog = shallowRef<ScopeCatalog | null>(null)
  const status = ref<'loading' | 'ready' | 'error'>('loading')
  const error = shallowRef<unknown>(null)

  async function load(): Promise<void> {
    const version = apiVersion.value
    if (!version) return
    status.value = 'loading'
    try {
      const loaded = await cachedCatalog(api, session.account?.kind, version)
      if (apiVersion.value !== version) return
      catalog.value = loaded
      status.value = 'ready'
    } catch (failure) {
      if (apiVersion.value !== version) return
      error.value = failure
      status.value = 'error'
    }
  }

  watch(apiVersion, () => void load(), { immediate: true })
  return { catalog, status, error, reload: load }
}

/** Every scope a catalog offers, to drop choices a different version does not have. */
export function scopesOfCatalog(catalog: ScopeCatalog): Set<string> {
  return new Set(
    catalog.categories.flatMap((category) =>
      category.endpoints.flatMap((endpoint) =>
        endpoint.methods.map((method) => scopeOf(method, endpoint.path)),
      ),
    ),
  )
}
