import { mount } from '@vue/test-utils'
import { TokenDescription, TokenName, type Locale } from '@tokens/core'
import { describe, expect, it } from 'vitest'
import { defineComponent } from 'vue'
import type { z } from 'zod'
import { createConsoleI18n } from './create-console-i18n'
import { loadLocaleMessages } from './locale-messages'
import { useValidationMessage } from './use-validation-message'

async function validationMessage(locale: Locale): Promise<(error: z.ZodError) => string> {
  let translate: ((error: z.ZodError) => string) | undefined
  const i18n = createConsoleI18n()
  i18n.global.setLocaleMessage(locale, await loadLocaleMessages(locale))
  i18n.global.locale.value = locale
  mount(
    defineComponent({
      setup() {
        translate = useValidationMessage()
        return () => null
      },
    }),
    { global: { plugins: [i18n] } },
  )
  if (!translate) throw new Error('not mounted')
  return translate
}

function errorOf(schema: typeof TokenName | typeof TokenDescription, value: string): z.ZodError {
  const result = schema.safeParse(value)
  if (result.success) throw new Error(`accepted ${JSON.stringify(value)}`)
  return result.error
}

describe('localised validation messages of the name rule', () => {
  it.each([
    {
      what: 'a soft hyphen',
      value: 'ad\u00ADmin',
      locale: 'en',
      message: 'Remove invisible or control characters.',
    },
    { what: 'a soft hyphen', value: 'ad\u00ADmin', locale: 'zh-CN', message: '请删除不可见字符或控制字符。' },
    {
      what: 'a Hangul filler only',
      value: '\u3164',
      locale: 'en',
      message: 'Enter visible characters: this would show as blank.',
    },
    {
      what: 'a Hangul filler only',
      value: '\u3164',
      locale: 'zh-CN',
      message: '请输入可见字符：当前内容显示为空白。',
    },
    {
      what: 'a lone surrogate',
      value: 'ad\uD800min',
      locale: 'en',
      message: 'This text contains broken characters. Type it again.',
    },
    {
      what: 'a lone surrogate',
      value: 'ad\uD800min',
      locale: 'zh-CN',
      message: '此文本包含损坏的字符，请重新输入。',
    },
  ] as const)('words a name with $what in $locale', async ({ value, locale, message }) => {
    expect((await validationMessage(locale))(errorOf(TokenName, value))).toBe(message)
  })

  it('words a blank description like a blank name', async () => {
    expect((await validationMessage('en'))(errorOf(TokenDescription, '\u2800'))).toBe(
      'Enter visible characters: this would show as blank.',
    )
  })
})
