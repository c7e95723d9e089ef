import { cleanup, fireEvent, render, screen } from '@testing-library/vue'
import { afterEach, describe, expect, it } from 'vitest'
import { defineComponent, h, ref } from 'vue'
import TextField from './TextField.vue'

/** A TextField bound to a model the test reads, as a page binds it. */
function renderBound(multiline: boolean) {
  const model = ref('')
  const Host = defineComponent(
    () => () =>
      h(TextField, {
        label: 'Token name',
        multiline,
        modelValue: model.value,
        'onUpdate:modelValue': (value: string) => (model.value = value),
      }),
  )
  render(Host)
  return { model, control: screen.getByLabelText('Token name') as HTMLInputElement | HTMLTextAreaElement }
}

describe('TextField', () => {
  afterEach(cleanup)

  it.each([
    ['an input', false],
    ['a textarea', true],
  ])('in %s, takes typed text into its model', async (_, multiline) => {
    const { model, control } = renderBound(multiline)
    await fireEvent.update(control, 'Nightly sync')
    expect(model.value).toBe('Nightly sync')
  })

  it.each([
    ['an input', false],
    ['a textarea', true],
  ])(
    'in %s, leaves its model alone while an input method composes, and takes the composed text at the end',
    async (_, multiline) => {
      const { model, control } = renderBound(multiline)
      await fireEvent.compositionStart(control)
      await fireEvent.update(control, 'tong bu')
      expect(model.value).toBe('')
      control.value = '同步'
      await fireEvent.compositionEnd(control)
      expect(model.value).toBe('同步')
    },
  )
})
