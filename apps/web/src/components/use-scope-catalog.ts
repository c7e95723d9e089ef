import { scopeOf, type ScopeCatalog } from '@tokens/core'
import { ref, shallowRef, watch, type Ref } from 'vue'
import type { AdminApi } from '../api/admin-api'
import { useAdminApi } from '../api/admin-api-context'

/** Catalogs do not change while the console runs: one request per client and version is enough. */
const cache = new WeakMap<AdminApi, Map<string, Promise<ScopeCatalog>>>()

function cachedCatalog(api: AdminApi, apiVersion: string): Promise<ScopeCatalog> {
  let byVersion = cache.get(api)
  if (!byVersion) {
    byVersion = new Map()
    cache.set(api, byVersion)
  }
  let pending = byVersion.get(apiVersion)
  if (!pending) {
    pending = api.catalog(apiVersion)
    byVersion.set(apiVersion, pending)
    pending.catch(() => byVersion.delete(apiVersion))
  }
  return pending
}

/** The scope catalog of the account's kind for `apiVersion`, following it when it changes. */
export function useScopeCatalog(apiVersion: Ref<string>) {
  const api = useAdminApi()
  const catalog = shallowRef<ScopeCatalog | null>(null)
  const status = ref<'loading' | 'ready' | 'error'>('loading')
  const error = shallowRef<unknown>(null)

  async function load(): Promise<void> {
    const version = apiVersion.value
    if (!version) return
    status.value = 'loading'
    try {
      const loaded = await cachedCatalog(api, version)
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
