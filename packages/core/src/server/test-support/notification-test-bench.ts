import { afterEach } from 'vitest'
import {
  startSmtpReceiver,
  startTricklingSmtpServer,
  startWebhookReceiver,
} from './notification-receivers.js'
import { manualClock, openTestCore, type TestCore, type TestCoreOptions } from './open-test-core.js'

/**
 * What a notifications test opens, closed after every test, newest first (a receiver outlives the
 * core that sends to it): cores near the real time (a Standard Webhooks verifier refuses timestamps
 * more than 5 minutes off), webhook receivers, mail servers, and whatever else is handed to `closeAfterTest`.
 * @example const { open, receiver, mailServer } = notificationTestBench({ webhooksAllowPrivate: true })
 */
export function notificationTestBench(defaults: TestCoreOptions = {}) {
  const closers: (() => unknown)[] = []
  afterEach(async () => {
    for (const close of closers.splice(0).reverse()) await close()
  })
  const closeAfterTest = (close: () => unknown): void => void closers.push(close)
  return {
    closeAfterTest,
    async open(options: TestCoreOptions = {}): Promise<TestCore> {
      const test = await openTestCore({ clock: manualClock(new Date()), ...defaults, ...options })
      closeAfterTest(() => test.close())
      return test
    },
    async receiver(answer?: Parameters<typeof startWebhookReceiver>[0]) {
      const started = await startWebhookReceiver(answer)
      closeAfterTest(() => started.close())
      return started
    },
    async mailServer(...options: Parameters<typeof startSmtpReceiver>) {
      const started = await startSmtpReceiver(...options)
      closeAfterTest(() => started.close())
      return started
    },
    async tricklingMailServer(everyMs?: number) {
      const started = await startTricklingSmtpServer(everyMs)
      closeAfterTest(() => started.close())
      return started
    },
  }
}
