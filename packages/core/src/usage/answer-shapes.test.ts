import { describe, expect, it } from 'vitest'
import { answerShapeOf, shapeDifference } from './answer-shapes.js'

describe('the difference between the classic and latest answer', () => {
  it('says the classic ActorId becomes the actor user id or token id, as the event decides', () => {
    const shape = answerShapeOf('GET /AuditEvents')
    if (!shape) throw new Error('GET /AuditEvents is described')
    const difference = shapeDifference(shape, 'classic', 'latest')
    expect(difference.renamed).toContainEqual({
      from: 'AuditEvents[].ActorId',
      to: ['items[].actor.userId', 'items[].actor.tokenId'],
    })
  })

  it('names a field renamed one for one with its single new name', () => {
    const shape = answerShapeOf('GET /Tokens/{Id}')
    if (!shape) throw new Error('GET /Tokens/{Id} is described')
    expect(shapeDifference(shape, 'classic', 'latest').renamed).toContainEqual({
      from: 'DateCreated',
      to: ['createdAt'],
    })
  })
})
