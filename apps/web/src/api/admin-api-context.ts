import { inject, type App, type InjectionKey } from 'vue'
import type { AdminApi } from './admin-api'

const ADMIN_API: InjectionKey<AdminApi> = Symbol('AdminApi')

/** The app gets its client here; component tests provide a fake one the same way. */
export function provideAdminApi(app: App, api: AdminApi): void {
  app.provide(ADMIN_API, api)
}

export function useAdminApi(): AdminApi {
  const api = inject(ADMIN_API)
  if (!api) throw new Error('The admin API client was not provided to the app.')
  return api
}
