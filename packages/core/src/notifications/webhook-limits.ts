/**
 * Webhooks an account may have. Every event fans out to each of them, so the cap bounds what one
 * change can queue (a security review found hundreds of webhooks to an unanswering address made
 * one click queue hundreds of slow deliveries). Comparable services allow about as many: GitHub 20
 * per repository, Stripe 16 endpoints per account. The SPA reads it to disable Add at the cap.
 */
export const WEBHOOKS_PER_ACCOUNT_MAX = 10
