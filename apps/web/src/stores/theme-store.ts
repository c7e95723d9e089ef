import { defineStore } from 'pinia'
import { ref } from 'vue'
import { browserStorage } from './browser-storage'

export const THEME_PREFERENCES = ['system', 'light', 'dark'] as const
export type ThemePreference = (typeof THEME_PREFERENCES)[number]
const THEME_STORAGE_KEY = 'token-console.theme'

function isThemePreference(value: string | null): value is ThemePreference {
  return (THEME_PREFERENCES as readonly (string | null)[]).includes(value)
}

/** Light and dark follow the system (CSS prefers-color-scheme) unless the user overrides it here. */
export const useThemeStore = defineStore('theme', () => {
  const stored = browserStorage.read(THEME_STORAGE_KEY)
  const preference = ref<ThemePreference>(isThemePreference(stored) ? stored : 'system')

  function apply(): void {
    const root = document.documentElement
    if (preference.value === 'system') delete root.dataset['theme']
    else root.dataset['theme'] = preference.value
  }

  function choose(next: ThemePreference): void {
    preference.value = next
    browserStorage.write(THEME_STORAGE_KEY, next === 'system' ? null : next)
    apply()
  }

  return { preference, apply, choose }
})
