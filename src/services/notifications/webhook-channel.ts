import type { NotificationChannel, NotificationMessage } from './notification-message.ts'

export interface WebhookChannelOptions {
  /** Where to POST each notification: a Slack incoming webhook or any receiver of JSON. */
  readonly url: string
  /** Replaces the global fetch, for tests. */
  readonly fetch?: typeof fetch
}

/** The JSON body posted for one notification. */
export interface WebhookPayload {
  readonly text: string
  readonly blocks: readonly {
    readonly type: 'section'
    readonly text: { readonly type: 'mrkdwn'; readonly text: string }
  }[]
  readonly tandem: {
    readonly id: string
    readonly kind: string
    readonly recipient: { readonly name: string; readonly email: string }
    readonly subject: string
    readonly link: string | null
    /** Present on tracked messages: GET or POST it to say the message was seen. */
    readonly ackUrl?: string
  }
}

const timeoutMs = 10_000
// Slack refuses a whole message whose section text is longer, and a refused message would be
// retried for ever; a shortened one still points at the lead.
const sectionTextLimit = 3000

// Slack reads &, < and > as markup (<url|label> is a link); other receivers decode them alike.
const escapeMrkdwn = (text: string) =>
  text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;')

// A | or > inside the URL would end Slack's <url|label> early.
const escapeLinkUrl = (url: string) =>
  url.replaceAll('&', '&amp;').replaceAll('<', '%3C').replaceAll('>', '%3E').replaceAll('|', '%7C')

const truncate = (text: string, limit: number) =>
  text.length <= limit ? text : `${text.slice(0, limit - 1)}…`

/** The Slack-compatible JSON of a notification, with a `tandem` object for other receivers. */
export function webhookPayload(message: NotificationMessage): WebhookPayload {
  const subject = `*${escapeMrkdwn(message.subject)}*`
  const text = escapeMrkdwn(message.text)
  const target = message.tracking?.clickUrl ?? message.link
  const link = target === undefined ? '' : `\n<${escapeLinkUrl(target)}|Open in Tandem>`
  return {
    text: `${subject} — ${text.replace(/\s+/g, ' ').trim()}`,
    blocks: [
      {
        type: 'section',
        text: {
          type: 'mrkdwn',
          text: `${truncate(`${subject}\n${text}`, sectionTextLimit - link.length)}${link}`,
        },
      },
    ],
    tandem: {
      id: message.id,
      kind: message.kind,
      recipient: { name: message.recipient.name, email: message.recipient.email },
      subject: message.subject,
      link: message.link ?? null,
      ...(message.tracking === undefined ? {} : { ackUrl: message.tracking.ackUrl }),
    },
  }
}

/** A channel that posts each notification as JSON to one webhook URL. */
export function createWebhookChannel(options: WebhookChannelOptions): NotificationChannel {
  const fetchFn = options.fetch ?? fetch
  return {
    name: 'webhook',
    async send(message) {
      let response: Response
      try {
        response = await fetchFn(options.url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'idempotency-key': message.id },
          body: JSON.stringify(webhookPayload(message)),
          signal: AbortSignal.timeout(timeoutMs),
        })
      } catch (error) {
        // The URL stays out of the message: a Slack webhook URL is itself the secret.
        const reason = (error as Error)?.cause ?? error
        throw new Error(`Webhook request failed: ${String((reason as Error)?.message ?? reason)}`, {
          cause: error,
        })
      }
      const body = await response.text().catch(() => '')
      if (!response.ok) {
        throw new Error(`Webhook answered ${response.status}: ${body.slice(0, 200)}`)
      }
    },
    async close() {},
  }
}
