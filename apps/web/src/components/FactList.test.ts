import { cleanup, render, screen } from '@testing-library/vue'
import { afterEach, describe, expect, it } from 'vitest'
import { createConsoleI18n } from '../i18n/create-console-i18n'
import type { Fact } from './fact-list'
import FactList from './FactList.vue'

function renderFacts(facts: Fact[]) {
  return render(FactList, { props: { facts }, global: { plugins: [createConsoleI18n()] } })
}

describe('FactList', () => {
  afterEach(cleanup)

  it('shows each fact as a term and its value, in the given order', () => {
    renderFacts([
      { label: 'Rate limit', text: '1,000 requests per hour' },
      { label: 'Last used', lastUsed: null },
    ])
    expect(screen.getAllByRole('term').map((term) => term.textContent)).toEqual(['Rate limit', 'Last used'])
    expect(screen.getAllByRole('definition').map((value) => value.textContent?.trim())).toEqual([
      '1,000 requests per hour',
      'Never',
    ])
  })

  it('gives a date a machine-readable time element', () => {
    renderFacts([{ label: 'Created', date: '2026-03-01T10:00:00.000Z' }])
    expect(screen.getByRole('definition').querySelector('time')?.getAttribute('datetime')).toBe(
      '2026-03-01T10:00:00.000Z',
    )
  })
})
