import js from '@eslint/js'
import vueI18n from '@intlify/eslint-plugin-vue-i18n'
import jsoncParser from 'jsonc-eslint-parser'
import { fileURLToPath } from 'node:url'
import tseslint from 'typescript-eslint'
import vue from 'eslint-plugin-vue'
import globals from 'globals'

/**
 * `no-restricted-imports` with these patterns. For files two config objects both match, the later
 * object's rule replaces the earlier one, so each object names every pattern its files must keep.
 */
const restrictedImports = (...patterns) => ({ 'no-restricted-imports': ['error', { patterns }] })
const SERVER_CODE = {
  group: ['@tokens/core/server', '@tokens/core/server/*'],
  message: 'The SPA must not import server code.',
}

export default tseslint.config(
  { ignores: ['**/dist/**', '**/node_modules/**', '**/coverage/**', '**/e2e/screenshots/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  ...vue.configs['flat/recommended'],
  {
    files: ['**/*.vue'],
    languageOptions: { parserOptions: { parser: tseslint.parser } },
  },
  {
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'vue/multi-word-component-names': 'off',
      'vue/max-attributes-per-line': 'off',
      'vue/singleline-html-element-content-newline': 'off',
      'vue/html-self-closing': 'off',
      'vue/html-indent': 'off',
      'vue/html-closing-bracket-newline': 'off',
      'vue/multiline-html-element-content-newline': 'off',
    },
  },
  {
    // The SPA bundles the isomorphic core only; the server entry holds Node code and secrets' crypto.
    files: ['apps/web/**/*.{ts,vue}'],
    rules: restrictedImports(SERVER_CODE),
  },
  {
    files: ['apps/web/src/**/*.{ts,vue}'],
    ignores: ['apps/web/src/**/*.test.ts'],
    rules: restrictedImports(SERVER_CODE, { group: ['node:*'], message: 'The SPA runs in the browser.' }),
  },
  {
    // The isomorphic core is bundled into the SPA: no Node built-ins outside src/server.
    files: ['packages/core/src/**/*.ts'],
    ignores: ['packages/core/src/server/**', 'packages/core/src/**/*.test.ts'],
    rules: restrictedImports({
      group: ['node:*', 'better-sqlite3', 'pg', 'kysely'],
      message: 'Isomorphic core: no Node imports.',
    }),
  },
  {
    // The SPA's messages: every key it names exists in both catalogs, and no user-visible text is
    // written in a template instead of locales/ (symbols and figures alone are not words).
    files: ['apps/web/src/**/*.{ts,vue}'],
    ignores: ['apps/web/src/**/*.test.ts', 'apps/web/src/test-support/**'],
    plugins: { '@intlify/vue-i18n': vueI18n },
    settings: {
      'vue-i18n': {
        localeDir: fileURLToPath(new URL('./locales/{en,zh-CN}.json', import.meta.url)),
        messageSyntaxVersion: '^11.0.0',
      },
    },
    rules: {
      '@intlify/vue-i18n/no-missing-keys': 'error',
      '@intlify/vue-i18n/no-raw-text': [
        'error',
        { ignorePattern: '^[\\s\\d.,:;·•…–—/|()\\[\\]{}#%&*+=×<>!?-]*$' },
      ],
      '@intlify/vue-i18n/no-html-messages': 'error',
      '@intlify/vue-i18n/no-v-html': 'error',
      '@intlify/vue-i18n/valid-message-syntax': 'error',
      '@intlify/vue-i18n/no-deprecated-tc': 'error',
    },
  },
  {
    // Both catalogs hold the same keys: lint names a key missing from one where it is written.
    files: ['locales/{en,zh-CN}.json'],
    plugins: { '@intlify/vue-i18n': vueI18n },
    languageOptions: { parser: jsoncParser },
    settings: {
      'vue-i18n': { localeDir: fileURLToPath(new URL('./locales/{en,zh-CN}.json', import.meta.url)) },
    },
    rules: {
      '@intlify/vue-i18n/no-missing-keys-in-other-locales': 'error',
      '@intlify/vue-i18n/valid-message-syntax': 'error',
    },
  },
)
