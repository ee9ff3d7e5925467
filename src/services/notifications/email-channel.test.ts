import type { AddressInfo } from 'node:net'
import { SMTPServer, type SMTPServerOptions } from 'smtp-server'
import { afterEach, describe, expect, it } from 'vitest'
import { createEmailChannel } from './email-channel.ts'
import type { NotificationChannel, NotificationMessage } from './notification-message.ts'

interface Received {
  readonly raw: string
  readonly from: string | undefined
  readonly to: readonly string[]
  readonly user: unknown
}

const open: { close(): Promise<void> }[] = []
afterEach(async () => {
  await Promise.all(open.splice(0).map((resource) => resource.close()))
})

/** A real SMTP server on a free local port that keeps every message it accepts. */
async function startSmtpServer(options: SMTPServerOptions = {}) {
  const received: Received[] = []
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    ...options,
    onData(stream, session, callback) {
      const chunks: Buffer[] = []
      stream.on('data', (chunk: Buffer) => chunks.push(chunk))
      stream.on('end', () => {
        received.push({
          raw: Buffer.concat(chunks).toString('utf8'),
          from: session.envelope.mailFrom === false ? undefined : session.envelope.mailFrom.address,
          to: session.envelope.rcptTo.map((rcpt) => rcpt.address),
          user: session.user,
        })
        callback()
      })
    },
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => resolve())
  })
  const { port } = server.server.address() as AddressInfo
  open.push({ close: () => new Promise<void>((resolve) => server.close(() => resolve())) })
  return { port, received }
}

const channel = (smtpUrl: string): NotificationChannel => {
  const created = createEmailChannel({ smtpUrl, from: 'Tandem <tandem@example.com>' })
  open.push(created)
  return created
}

const message: NotificationMessage = {
  id: '0c8c1a52-7f3e-4d2a-9b57-3f0e4c1d2a10',
  kind: 'sla_breach',
  recipient: { name: 'Maria Rossi', email: 'maria@example.com' },
  subject: 'SLA breached: Acme Corp',
  text: 'Acme Corp waited 26 hours for a first touch.',
  link: 'https://tandem.example.com/leads/42',
}

const header = (raw: string, name: string) =>
  raw
    .split('\r\n\r\n')[0]
    ?.replace(/\r\n[ \t]+/g, ' ')
    .split('\r\n')
    .find((line) => line.toLowerCase().startsWith(`${name.toLowerCase()}:`))
    ?.slice(name.length + 1)
    .trim()

describe('createEmailChannel', () => {
  it('delivers a plain text email with the id, the kind and the link', async () => {
    const smtp = await startSmtpServer()
    const email = channel(`smtp://127.0.0.1:${smtp.port}`)
    expect(email.name).toBe('email')

    await email.send(message)

    expect(smtp.received).toHaveLength(1)
    const [mail] = smtp.received
    expect(mail?.from).toBe('tandem@example.com')
    expect(mail?.to).toEqual(['maria@example.com'])
    const raw = mail?.raw ?? ''
    expect(header(raw, 'From')).toBe('Tandem <tandem@example.com>')
    expect(header(raw, 'To')).toBe('Maria Rossi <maria@example.com>')
    expect(header(raw, 'Subject')).toBe('SLA breached: Acme Corp')
    expect(header(raw, 'Message-ID')).toBe(`<${message.id}@tandem>`)
    expect(header(raw, 'X-Tandem-Notification-Kind')).toBe('sla_breach')
    const body = raw.split('\r\n\r\n').slice(1).join('\r\n\r\n')
    expect(body).toContain('Acme Corp waited 26 hours for a first touch.')
    expect(body.indexOf('https://tandem.example.com/leads/42')).toBeGreaterThan(
      body.indexOf('first touch.'),
    )
  })

  it('sends a tracked message with the click redirect and an HTML part carrying the pixel', async () => {
    const smtp = await startSmtpServer()
    const tracking = {
      pixelUrl: 'https://tandem.example.com/t/o/abc.gif',
      clickUrl: 'https://tandem.example.com/t/c/abc',
      ackUrl: 'https://tandem.example.com/t/a/abc',
    }
    await channel(`smtp://127.0.0.1:${smtp.port}`).send({
      ...message,
      text: 'Acme <Corp> & co',
      tracking,
    })
    const raw = (smtp.received[0]?.raw ?? '').replace(/=\r\n/g, '').replaceAll('=3D', '=')
    expect(raw).toContain('multipart/alternative')
    expect(raw).toContain('https://tandem.example.com/t/c/abc')
    expect(raw).not.toContain('https://tandem.example.com/leads/42')
    expect(raw).toContain('<img src="https://tandem.example.com/t/o/abc.gif" width="1" height="1"')
    expect(raw).toContain('<p>Acme &lt;Corp&gt; &amp; co</p>')
  })

  it('leaves the link out when there is none', async () => {
    const smtp = await startSmtpServer()
    const { link: _, ...withoutLink } = message
    await channel(`smtp://127.0.0.1:${smtp.port}`).send(withoutLink)
    expect(smtp.received[0]?.raw).toContain('Acme Corp waited 26 hours')
    expect(smtp.received[0]?.raw).not.toContain('https://')
  })

  it('logs in with the user and password of the URL', async () => {
    const attempts: [unknown, unknown][] = []
    const smtp = await startSmtpServer({
      authOptional: false,
      allowInsecureAuth: true,
      onAuth(auth, _session, callback) {
        attempts.push([auth.username, auth.password])
        if (auth.username === 'tandem' && auth.password === 's3cret:p@ss') {
          callback(null, { user: auth.username })
        } else {
          callback(new Error('Invalid username or password'))
        }
      },
    })

    await channel(`smtp://tandem:s3cret%3Ap%40ss@127.0.0.1:${smtp.port}`).send(message)
    expect(attempts).toEqual([['tandem', 's3cret:p@ss']])
    expect(smtp.received[0]?.user).toBe('tandem')

    await expect(
      channel(`smtp://tandem:wrong@127.0.0.1:${smtp.port}`).send(message),
    ).rejects.toThrow(/Invalid username or password/)
    expect(smtp.received).toHaveLength(1)
  })

  it('rejects with the server response when the recipient is refused', async () => {
    const smtp = await startSmtpServer({
      onRcptTo(_address, _session, callback) {
        callback(Object.assign(new Error('Mailbox unavailable'), { responseCode: 550 }))
      },
    })
    await expect(channel(`smtp://127.0.0.1:${smtp.port}`).send(message)).rejects.toThrow(
      /550 Mailbox unavailable/,
    )
    expect(smtp.received).toHaveLength(0)
  })

  it('rejects when no server listens', async () => {
    const smtp = await startSmtpServer()
    await open
      .splice(0)
      .reduce((done, resource) => done.then(() => resource.close()), Promise.resolve())
    await expect(channel(`smtp://127.0.0.1:${smtp.port}`).send(message)).rejects.toThrow(
      /ECONNREFUSED/,
    )
  })
})
