import type { UserEvent } from '@testing-library/user-event'
import { expect } from 'vitest'
import { descriptionOf, settle } from './render-console'

/**
 * The rule of a limited text field (LimitedTextField), wherever it is: it counts what is typed,
 * keeps a paste longer than the limit whole (no maxlength), and says at once that it is too long,
 * tied to the field for assistive technology.
 */
export async function expectCountsAndKeepsLongPaste(
  user: UserEvent,
  field: HTMLInputElement | HTMLTextAreaElement,
  { counted, max, paste }: { counted: string; max: number; paste: number },
): Promise<void> {
  expect(field.hasAttribute('maxlength')).toBe(false)
  expect(descriptionOf(field)).toContain(counted)

  await user.clear(field)
  await user.click(field)
  await user.paste('x'.repeat(paste))
  await settle()
  expect(field.value).toHaveLength(paste)
  const over = paste - max
  expect(descriptionOf(field)).toEqual(
    expect.arrayContaining([
      `${over} ${over === 1 ? 'character' : 'characters'} too many (${paste} / ${max})`,
      `Use at most ${max} characters.`,
    ]),
  )
  expect(field.getAttribute('aria-invalid')).toBe('true')
}
