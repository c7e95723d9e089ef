import { afterEach, describe, expect, it, vi } from 'vitest'
import { beginAction, closeResult, focusResult } from './focus-after-action'

function add<K extends keyof HTMLElementTagNameMap>(tag: K, text = ''): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag)
  element.textContent = text
  document.body.append(element)
  return element
}

afterEach(() => {
  document.body.replaceChildren()
})

describe('the focus rule after an action', () => {
  it('gives focus to a result shown while the action ran, not back to the control that started it', () => {
    const trigger = add('button', 'More')
    trigger.focus()
    const settle = beginAction()
    const heading = add('h2', 'New credentials')
    focusResult(heading)
    trigger.focus()

    expect(settle(trigger)).toBe(heading)
    expect(document.activeElement).toBe(heading)
    expect(heading.getAttribute('tabindex')).toBe('-1')
  })

  it('brings the whole result panel into view when its heading takes focus', () => {
    const panel = add('section')
    const heading = document.createElement('h2')
    panel.append(heading)
    const panelInView = vi.fn()
    const headingInView = vi.fn()
    panel.scrollIntoView = panelInView
    heading.scrollIntoView = headingInView

    focusResult(heading, panel)

    expect(document.activeElement).toBe(heading)
    expect(panelInView).toHaveBeenCalledWith({ block: 'start' })
    expect(headingInView).not.toHaveBeenCalled()
  })

  it('returns focus to the control that started the action when it showed no result', () => {
    const trigger = add('button', 'More')
    const settle = beginAction()
    add('button', 'Elsewhere').focus()

    expect(settle(trigger)).toBe(trigger)
    expect(document.activeElement).toBe(trigger)
  })

  it('ignores a result shown before the action began (an earlier panel still on the page)', () => {
    const earlier = add('h2', 'Earlier credentials')
    focusResult(earlier)
    const trigger = add('button', 'More')
    const settle = beginAction()

    expect(settle(trigger)).toBe(trigger)
  })

  it('goes to the next candidate still on the page when the control is gone or disabled', () => {
    const removedCard = add('button', 'More')
    const disabled = add('button', 'Busy')
    disabled.disabled = true
    const pageHeading = add('h1', 'API')
    const settle = beginAction()
    removedCard.remove()

    expect(settle(removedCard, disabled, pageHeading)).toBe(pageHeading)
    expect(document.activeElement).toBe(pageHeading)
  })

  it('moves focus to the first candidate still there once a closed result has gone', async () => {
    const heading = add('h1', 'Order sync')
    const panel = add('section')
    const done = document.createElement('button')
    panel.append(done)
    done.focus()
    const gone = add('button', 'Rendered by the panel')

    const focused = await closeResult(
      () => {
        panel.remove()
        gone.remove()
      },
      () => [gone, heading],
    )

    expect(focused).toBe(heading)
    expect(document.activeElement).toBe(heading)
  })
})
