import { cleanup, fireEvent, render } from '@testing-library/vue'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { defineComponent, h } from 'vue'
import AppButton from './AppButton.vue'

afterEach(cleanup)

function renderInForm(props: { busy?: boolean; disabled?: boolean; type?: 'button' | 'submit' }) {
  const clicked = vi.fn()
  const submitted = vi.fn()
  const view = render(
    defineComponent(
      () => () =>
        h('form', { onSubmit: (event: Event) => (event.preventDefault(), submitted()) }, [
          h(AppButton, { ...props, onClick: clicked }, () => 'Save'),
        ]),
    ),
  )
  return { button: view.getByRole<HTMLButtonElement>('button', { name: 'Save' }), clicked, submitted }
}

describe('AppButton', () => {
  it('passes a press on', async () => {
    const { button, clicked, submitted } = renderInForm({ type: 'submit' })
    await fireEvent.click(button)
    expect(clicked).toHaveBeenCalledTimes(1)
    expect(submitted).toHaveBeenCalledTimes(1)
  })

  it('busy, stays focusable (a disabled button drops focus) but says so and ignores presses', async () => {
    const { button, clicked, submitted } = renderInForm({ type: 'submit', busy: true })
    expect(button.disabled).toBe(false)
    expect(button.getAttribute('aria-disabled')).toBe('true')
    expect(button.getAttribute('aria-busy')).toBe('true')
    button.focus()
    await fireEvent.click(button)
    expect(clicked).not.toHaveBeenCalled()
    expect(submitted).not.toHaveBeenCalled()
    expect(document.activeElement).toBe(button)
  })

  it('disabled, is disabled', () => {
    const { button } = renderInForm({ disabled: true })
    expect(button.disabled).toBe(true)
    expect(button.hasAttribute('aria-disabled')).toBe(false)
  })
})
