import { NOTIFICATION_TYPES, WEBHOOK_URL_MAX_LENGTH } from '@tokens/core'
import { describe, expect, it } from 'vitest'
import {
  emptyWebhookForm,
  isWebhookFormChanged,
  isWebhookFormFilled,
  webhookChangesOf,
  webhookFormOf,
  webhookRequestOf,
} from './webhook-form'

describe('the add-webhook form', () => {
  it('starts with every event type chosen', () => {
    expect(emptyWebhookForm().eventTypes).toEqual([...NOTIFICATION_TYPES])
  })

  it('sends the trimmed URL and description with the chosen events', () => {
    expect(
      webhookRequestOf({
        url: ' https://hooks.example.test/in ',
        description: ' Ops ',
        eventTypes: ['token.leaked'],
      }),
    ).toEqual({
      ok: true,
      request: { url: 'https://hooks.example.test/in', description: 'Ops', eventTypes: ['token.leaked'] },
    })
  })

  it('points at the URL when it is not a web address, and at the events when none is chosen', () => {
    expect(
      webhookRequestOf({ url: 'hooks.example.test', description: '', eventTypes: ['token.leaked'] }),
    ).toEqual({
      ok: false,
      field: 'url',
    })
    expect(webhookRequestOf({ url: 'ftp://x.test/', description: '', eventTypes: ['token.leaked'] })).toEqual(
      {
        ok: false,
        field: 'url',
      },
    )
    expect(webhookRequestOf({ url: 'https://x.test/', description: '', eventTypes: [] })).toEqual({
      ok: false,
      field: 'eventTypes',
    })
  })

  it.each([
    ['a user name and password in it', 'https://ops:hunter2@hooks.example.test/in'],
    ['longer than the server takes', `https://hooks.example.test/${'a'.repeat(WEBHOOK_URL_MAX_LENGTH)}`],
  ])('points at the URL when it has %s, which the server would refuse', (_case, url) => {
    expect(webhookRequestOf({ url, description: '', eventTypes: ['token.leaked'] })).toEqual({
      ok: false,
      field: 'url',
    })
  })

  it('is filled once a URL or description is typed or the events changed, not by spaces alone', () => {
    expect(isWebhookFormFilled({ ...emptyWebhookForm(), url: '  ' })).toBe(false)
    expect(isWebhookFormFilled({ ...emptyWebhookForm(), url: 'https://x.test/' })).toBe(true)
    expect(isWebhookFormFilled({ ...emptyWebhookForm(), description: 'Ops' })).toBe(true)
    expect(isWebhookFormFilled({ ...emptyWebhookForm(), eventTypes: ['token.leaked'] })).toBe(true)
    expect(
      isWebhookFormFilled({ ...emptyWebhookForm(), eventTypes: [...NOTIFICATION_TYPES].reverse() }),
    ).toBe(false)
  })

  it('counts an edit as changed only where it differs from the webhook, spaces aside', () => {
    const webhook = {
      id: 'whk_1',
      url: 'https://hooks.example.test/in',
      description: 'Ops',
      eventTypes: ['token.leaked' as const],
      enabled: true,
      createdAt: '2026-03-15T12:00:00.000Z',
      updatedAt: '2026-03-15T12:00:00.000Z',
    }
    const form = webhookFormOf(webhook)
    expect(isWebhookFormChanged({ ...form, description: ' Ops ' }, webhook)).toBe(false)
    expect(isWebhookFormChanged({ ...form, eventTypes: ['token.expired'] }, webhook)).toBe(true)
    expect(isWebhookFormChanged({ ...form, url: 'https://hooks.example.test/other' }, webhook)).toBe(true)
    expect(
      webhookChangesOf({ url: webhook.url, description: 'Ops', eventTypes: ['token.leaked'] }, webhook),
    ).toEqual({})
    expect(
      webhookChangesOf({ url: webhook.url, description: 'Pager', eventTypes: ['token.leaked'] }, webhook),
    ).toEqual({ description: 'Pager' })
  })
})
