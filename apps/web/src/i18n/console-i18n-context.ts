import { inject, type App, type InjectionKey } from 'vue'
import type { Composer } from 'vue-i18n'
import type { ConsoleI18n } from './create-console-i18n'

const CONSOLE_I18N: InjectionKey<Composer> = Symbol('ConsoleI18n')

/** Stores switch the language outside components: they reach the global composer through the app. */
export function provideConsoleI18n(app: App, i18n: ConsoleI18n): void {
  app.provide(CONSOLE_I18N, i18n.global as unknown as Composer)
}

export function useConsoleI18n(): Composer {
  const composer = inject(CONSOLE_I18N)
  if (!composer) throw new Error('The console i18n instance was not provided to the app.')
  return composer
}
