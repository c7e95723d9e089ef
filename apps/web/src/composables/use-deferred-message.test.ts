import { describe, expect, it } from 'vitest'
import { ref } from 'vue'
import { useDeferredMessage } from './use-deferred-message'

describe('useDeferredMessage', () => {
  it('words the message when it is read, so a language switch words it again', () => {
    const language = ref<'en' | 'zh-CN'>('en')
    const busy = () => (language.value === 'en' ? 'The service is busy.' : '服务繁忙。')
    const refusal = useDeferredMessage()
    expect(refusal.message.value).toBeNull()

    refusal.set(busy)
    expect(refusal.message.value).toBe('The service is busy.')
    language.value = 'zh-CN'
    expect(refusal.message.value).toBe('服务繁忙。')
  })

  it('says nothing once cleared, or while its wording has nothing to say', () => {
    const refusal = useDeferredMessage()
    refusal.set(() => 'Choose an expiry date.')
    refusal.clear()
    expect(refusal.message.value).toBeNull()
    refusal.set(() => null)
    expect(refusal.message.value).toBeNull()
  })
})
