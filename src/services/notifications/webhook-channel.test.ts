import { createServer, type IncomingHttpHeaders } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import type { NotificationMessage } from './notification-message.ts'
import { createWebhookChannel } from './webhook-channel.ts'

interface Recorded {
  readonly method: string | undefined
  readonly path: string | undefined
  readonly headers: IncomingHttpHeaders
  readonly body: string
}

const servers: { close(): Promise<void> }[] = []
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()))
})

/** A real HTTP server on a free local port that records requests and gives one answer. */
async function startReceiver(
  answer: { status: number; body: string } = { status: 200, body: 'ok' },
) {
  const requests: Recorded[] = []
  const server = createServer((request, response) => {
    const chunks: Buffer[] = []
    request.on('data', (chunk: Buffer) => chunks.push(chunk))
    request.on('end', () => {
      requests.push({
        method: request.method,
        path: request.url,
        headers: request.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      })
      response.writeHead(answer.status, { 'content-type': 'text/plain' }).end(answer.body)
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  servers.push({
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  })
  const { port } = server.address() as AddressInfo
  return { url: `http://127.0.0.1:${port}/hooks/tandem?token=abc`, requests }
}

const message: NotificationMessage = {
  id: '5b1f6c0e-2a4d-4e8b-8f0a-9d3c7e6b1a20',
  kind: 'handoff',
  recipient: { name: 'Jonas Berg', email: 'jonas@example.com' },
  subject: 'New lead: Globex <EMEA>',
  text: 'Globex & Co scored 87.\nCall them today.',
  link: 'https://tandem.example.com/leads/7?tab=a|b',
}

describe('createWebhookChannel', () => {
  it('posts Slack-compatible JSON with a tandem object and an idempotency key', async () => {
    const receiver = await startReceiver()
    const webhook = createWebhookChannel({ url: receiver.url })
    expect(webhook.name).toBe('webhook')

    await webhook.send(message)

    expect(receiver.requests).toHaveLength(1)
    const [request] = receiver.requests
    expect(request?.method).toBe('POST')
    expect(request?.path).toBe('/hooks/tandem?token=abc')
    expect(request?.headers['content-type']).toBe('application/json')
    expect(request?.headers['idempotency-key']).toBe(message.id)
    expect(JSON.parse(request?.body ?? '')).toEqual({
      text: '*New lead: Globex &lt;EMEA&gt;* — Globex &amp; Co scored 87. Call them today.',
      blocks: [
        {
          type: 'section',
          text: {
            type: 'mrkdwn',
            text:
              '*New lead: Globex &lt;EMEA&gt;*\nGlobex &amp; Co scored 87.\nCall them today.\n' +
              '<https://tandem.example.com/leads/7?tab=a%7Cb|Open in Tandem>',
          },
        },
      ],
      tandem: {
        id: message.id,
        kind: 'handoff',
        recipient: { name: 'Jonas Berg', email: 'jonas@example.com' },
        subject: 'New lead: Globex <EMEA>',
        link: 'https://tandem.example.com/leads/7?tab=a|b',
      },
    })
  })

  it('links through the click redirect and gives the acknowledgement URL when tracked', async () => {
    const receiver = await startReceiver()
    const tracking = {
      pixelUrl: 'https://tandem.example.com/t/o/abc.gif',
      clickUrl: 'https://tandem.example.com/t/c/abc',
      ackUrl: 'https://tandem.example.com/t/a/abc',
    }
    await createWebhookChannel({ url: receiver.url }).send({ ...message, tracking })
    const body = JSON.parse(receiver.requests[0]?.body ?? '')
    expect(body.blocks[0].text.text).toMatch(
      /<https:\/\/tandem\.example\.com\/t\/c\/abc\|Open in Tandem>$/,
    )
    expect(body.tandem.link).toBe(message.link)
    expect(body.tandem.ackUrl).toBe(tracking.ackUrl)
  })

  it('sends no link without one', async () => {
    const receiver = await startReceiver()
    const { link: _, ...withoutLink } = message
    await createWebhookChannel({ url: receiver.url }).send(withoutLink)
    const body = JSON.parse(receiver.requests[0]?.body ?? '')
    expect(body.blocks[0].text.text).not.toContain('Open in Tandem')
    expect(body.tandem.link).toBeNull()
  })

  it('keeps the section text within what Slack accepts, link included', async () => {
    const receiver = await startReceiver()
    await createWebhookChannel({ url: receiver.url }).send({ ...message, text: 'x'.repeat(5000) })
    const section: string = JSON.parse(receiver.requests[0]?.body ?? '').blocks[0].text.text
    expect(section.length).toBeLessThanOrEqual(3000)
    expect(section).toMatch(
      /…\n<https:\/\/tandem\.example\.com\/leads\/7\?tab=a%7Cb\|Open in Tandem>$/,
    )
  })

  it('throws with the status and the start of the body on a non-2xx answer', async () => {
    const receiver = await startReceiver({
      status: 500,
      body: `invalid_payload ${'y'.repeat(500)}`,
    })
    const attempt = createWebhookChannel({ url: receiver.url }).send(message)
    await expect(attempt).rejects.toThrow(/500: invalid_payload y+$/)
    const error = await attempt.catch((e: Error) => e)
    expect((error as Error).message).toContain(`500: invalid_payload ${'y'.repeat(184)}`)
    expect((error as Error).message).not.toContain('y'.repeat(185))
    expect((error as Error).message).not.toContain('token=abc')
  })

  it('throws without the URL when the receiver cannot be reached', async () => {
    const receiver = await startReceiver()
    await Promise.all(servers.splice(0).map((server) => server.close()))
    await expect(createWebhookChannel({ url: receiver.url }).send(message)).rejects.toThrow(
      /^Webhook request failed: .*ECONNREFUSED/,
    )
  })

  it('uses the fetch it is given', async () => {
    const calls: [string, RequestInit | undefined][] = []
    const fakeFetch = (async (url: string, init?: RequestInit) => {
      calls.push([url, init])
      return new Response('ok')
    }) as typeof fetch
    await createWebhookChannel({ url: 'https://hooks.example.com/x', fetch: fakeFetch }).send(
      message,
    )
    expect(calls[0]?.[0]).toBe('https://hooks.example.com/x')
    expect(calls[0]?.[1]?.signal).toBeInstanceOf(AbortSignal)
  })
})
