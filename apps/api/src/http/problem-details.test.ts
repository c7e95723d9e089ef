import { ERROR_CODES, LOCALES, TokenConsoleError } from '@tokens/core'
import { describe, expect, it } from 'vitest'
import { ApiProblem, EDGE_ERROR_CODES } from './api-problem.js'
import { localisedMessage } from './localised-messages.js'
import { problemBody, problemOf, statusOf } from './problem-details.js'

describe('problem details', () => {
  const codes = [...ERROR_CODES, ...EDGE_ERROR_CODES]

  it('gives every code a status with a title and a detail in every locale', () => {
    for (const code of codes) {
      const status = statusOf(code)
      expect(status, code).toBeGreaterThanOrEqual(400)
      for (const locale of LOCALES) {
        expect(localisedMessage(locale, `api.statusTitles.${status}`), `${locale} ${status}`).not.toBe(
          `api.statusTitles.${status}`,
        )
        expect(localisedMessage(locale, `errors.${code}`), `${locale} ${code}`).not.toBe(`errors.${code}`)
      }
    }
  })

  it('fills message parameters and keeps them in the body', () => {
    const body = problemBody(new ApiProblem('ScopeMissing', { params: { scope: 'GET /Reports' } }), 'en')
    expect(body).toEqual({
      type: 'urn:token-console:problem:ScopeMissing',
      title: 'Forbidden',
      status: 403,
      detail: 'This credential is not allowed to call this endpoint. Missing scope: GET /Reports',
      code: 'ScopeMissing',
      params: { scope: 'GET /Reports' },
    })
    expect(problemBody(new ApiProblem('RateLimited', { params: { retryAfter: 12 } }), 'zh-CN').detail).toBe(
      '请求过多。请在 12 秒后重试。',
    )
    // The server fills {name} only (no vue-i18n plural forms): "12 s", never "1 seconds".
    expect(problemBody(new ApiProblem('RateLimited', { params: { retryAfter: 1 } }), 'en').detail).toBe(
      'Too many requests. Try again in 1 s.',
    )
  })

  it('turns a core ValidationFailed into a field issue and leaves unknown errors unmapped', () => {
    const problem = problemOf(
      new TokenConsoleError('ValidationFailed', { field: 'access', reason: 'invalid' }),
    )
    expect(problem?.errors).toEqual([{ path: 'access', reason: 'invalid' }])
    expect(problem?.params).toEqual({})
    expect(problemOf(new Error('anything'))).toBeUndefined()
    expect(problemOf(Object.assign(new Error('x'), { code: 'SQLITE_BUSY_SNAPSHOT' }))?.code).toBe('Busy')
  })
})
