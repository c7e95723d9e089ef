import { createServer, type IncomingHttpHeaders } from 'node:http'
import { createServer as createTcpServer, type AddressInfo, type Socket } from 'node:net'
import { simpleParser } from 'mailparser'
import { SMTPServer } from 'smtp-server'

export interface ReceivedMail {
  to: string[]
  subject: string
  text: string
  contentLanguage: string | undefined
}

/**
 * A real SMTP server in this process (no TLS) that keeps every message it receives. `refuse`
 * answers a recipient address with a reply code (e.g. 550, 451), or a code and the text after it
 * (e.g. `5.7.1 Relay access denied`), instead of accepting it;
 * `refuseSender` answers every MAIL FROM with one; `refuseLogin` makes it ask for a sign-in and
 * answer every one with that code (535), as a mail server set up with the wrong password does.
 */
export async function startSmtpReceiver(
  refuse: (address: string) => number | { code: number; text: string } | null = () => null,
  {
    refuseSender = null,
    refuseLogin = null,
  }: { refuseSender?: number | null; refuseLogin?: number | null } = {},
): Promise<{
  url: string
  mails: ReceivedMail[]
  close(): Promise<void>
}> {
  const mails: ReceivedMail[] = []
  const server = new SMTPServer({
    authOptional: refuseLogin === null,
    allowInsecureAuth: true,
    disabledCommands: refuseLogin === null ? ['STARTTLS', 'AUTH'] : ['STARTTLS'],
    logger: false,
    onAuth(_auth, _session, callback) {
      callback(Object.assign(new Error('Sign-in refused'), { responseCode: refuseLogin ?? 535 }))
    },
    onMailFrom(_address, _session, callback) {
      if (refuseSender === null) return callback()
      callback(Object.assign(new Error('Sender refused'), { responseCode: refuseSender }))
    },
    onRcptTo(address, _session, callback) {
      const reply = refuse(address.address)
      if (reply === null) return callback()
      const { code, text } =
        typeof reply === 'number' ? { code: reply, text: `Refused ${address.address}` } : reply
      callback(Object.assign(new Error(text), { responseCode: code }))
    },
    onData(stream, session, callback) {
      simpleParser(stream)
        .then((parsed) => {
          mails.push({
            to: session.envelope.rcptTo.map((recipient) => recipient.address),
            subject: parsed.subject ?? '',
            text: parsed.text ?? '',
            contentLanguage: parsed.headers.get('content-language') as string | undefined,
          })
          callback()
        })
        .catch((error: Error) => callback(error))
    },
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.server.address() as AddressInfo
  return {
    url: `smtp://127.0.0.1:${port}`,
    mails,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }
}

/**
 * A mail server that never finishes its answer: it greets, then answers EHLO with one more
 * continuation line (`250-…`) every `everyMs`, for ever. Each line comes well inside a socket
 * timeout, so only a deadline on the whole send ends the conversation. `open` counts the
 * connections still open.
 */
export async function startTricklingSmtpServer(everyMs = 50): Promise<{
  url: string
  open(): number
  close(): Promise<void>
}> {
  const sockets = new Set<Socket>()
  const server = createTcpServer((socket) => {
    sockets.add(socket)
    let timer: NodeJS.Timeout | undefined
    socket.on('close', () => {
      clearInterval(timer)
      sockets.delete(socket)
    })
    socket.on('error', () => undefined)
    socket.once('data', () => {
      timer = setInterval(() => socket.write('250-still thinking\r\n'), everyMs)
    })
    socket.write('220 localhost ESMTP\r\n')
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `smtp://127.0.0.1:${port}`,
    open: () => sockets.size,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy()
        server.close(() => resolve())
      }),
  }
}

export interface ReceivedRequest {
  headers: IncomingHttpHeaders
  body: string
}

/**
 * A real HTTP receiver. `answer` decides each request's status (called with the request's index);
 * 'hang' never answers (a sender that dies mid-request).
 */
export async function startWebhookReceiver(
  answer: (index: number) => number | 'hang' = () => 204,
): Promise<{ url: string; requests: ReceivedRequest[]; close(): Promise<void> }> {
  const requests: ReceivedRequest[] = []
  const server = createServer((request, response) => {
    let body = ''
    request.setEncoding('utf8')
    request.on('data', (chunk: string) => (body += chunk))
    request.on('end', () => {
      const index = requests.length
      requests.push({ headers: request.headers, body })
      const status = answer(index)
      if (status === 'hang') return
      response.writeHead(status).end()
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}/hook`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}

/** Polls until `check` holds (for a delivery another process or a loop makes), or fails after `timeoutMs`. */
export async function eventually(check: () => boolean | Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const until = Date.now() + timeoutMs
  while (!(await check())) {
    if (Date.now() > until) throw new Error('condition not reached in time')
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
}
