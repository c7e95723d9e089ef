import { mount } from '@vue/test-utils'
import { describe, expect, it } from 'vitest'
import { defineComponent, nextTick, reactive, shallowRef } from 'vue'
import { z } from 'zod'
import { createConsoleI18n } from '../i18n/create-console-i18n'
import { useFieldErrors } from './use-field-errors'

const FIELDS = ['name', 'description'] as const

function mountErrors<F extends string>(values: () => Partial<Record<F, unknown>>, fields: readonly F[]) {
  let errors!: ReturnType<typeof useFieldErrors<F>>
  mount(
    defineComponent({
      setup() {
        errors = useFieldErrors(values, fields)
        return () => null
      },
    }),
    { global: { plugins: [createConsoleI18n()] } },
  )
  return errors
}

function withForm() {
  const form = reactive({ name: '', description: '' })
  return { form, errors: mountErrors(() => form, FIELDS) }
}

const FormSchema = z.object({ name: z.string().min(1), description: z.string().max(3) })

describe('useFieldErrors', () => {
  it('words the first refusal of each field of a parsed form, and names the first refused field in form order', () => {
    const { errors } = withForm()
    const result = FormSchema.safeParse({ name: '', description: 'too long' })
    errors.refuse(result.error!)
    expect(errors.message('name')).toBe('This field is required.')
    expect(errors.message('description')).toBe('Use at most 3 characters.')
    expect(errors.firstInvalid()).toBe('name')
  })

  it('takes refusals checked field by field, as a wizard step checks them', () => {
    const { errors } = withForm()
    errors.refuseEach({ description: z.string().max(3).safeParse('long').error! })
    expect(errors.message('name')).toBeNull()
    expect(errors.firstInvalid()).toBe('description')
  })

  it('drops a message once its field changes, and keeps the others', async () => {
    const { form, errors } = withForm()
    errors.refuse(FormSchema.safeParse({ name: '', description: 'too long' }).error!)
    form.name = 'Nightly'
    await nextTick()
    expect(errors.message('name')).toBeNull()
    expect(errors.message('description')).not.toBeNull()
    errors.clear()
    expect(errors.firstInvalid()).toBeUndefined()
  })

  it('keeps a message when the form is read again with the same value (a new object, a list with the same items)', async () => {
    const current = shallowRef({ name: '', description: 'too long', emails: ['a@'] })
    const errors = mountErrors(() => current.value, ['name', 'description', 'emails'] as const)
    errors.refuseEach({
      description: z.string().max(3).safeParse('too long').error!,
      emails: z.array(z.email()).safeParse(['a@']).error!,
    })
    current.value = { name: '', description: 'too long', emails: ['a@'] }
    await nextTick()
    expect(errors.message('description')).not.toBeNull()
    expect(errors.message('emails')).not.toBeNull()
    current.value = { name: '', description: 'too long', emails: ['a@example.test'] }
    await nextTick()
    expect(errors.message('emails')).toBeNull()
    expect(errors.message('description')).not.toBeNull()
  })
})
