import nodemailer from 'nodemailer'
import type { NotificationChannel, NotificationMessage } from './notification-message.ts'

export interface EmailChannelOptions {
  /** smtp:// or smtps:// URL, with user:password when the server wants them. */
  readonly smtpUrl: string
  /** Sender, such as 'Tandem <tandem@example.com>'. */
  readonly from: string
}

/**
 * The body of a notification email: its text, then the link to open in Tandem if there is one
 * (through the click redirect when the message is tracked).
 */
export function emailBody(message: NotificationMessage): string {
  const link = message.tracking?.clickUrl ?? message.link
  return link === undefined ? message.text : `${message.text}\n\n${link}`
}

const escapeHtml = (text: string) =>
  text
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')

/**
 * The HTML alternative of a tracked message: the same text, the link, and the tracking pixel,
 * which only an HTML part can carry. Untracked messages stay plain text.
 */
export function emailHtml(message: NotificationMessage): string | undefined {
  const tracking = message.tracking
  if (tracking === undefined) return undefined
  const paragraphs = message.text
    .split('\n')
    .map((line) => `<p>${escapeHtml(line)}</p>`)
    .join('')
  const link =
    tracking.clickUrl === undefined
      ? ''
      : `<p><a href="${escapeHtml(tracking.clickUrl)}">Open in Tandem</a></p>`
  const pixel = `<img src="${escapeHtml(tracking.pixelUrl)}" width="1" height="1" alt="">`
  return `<!doctype html><html><body>${paragraphs}${link}${pixel}</body></html>`
}

/** A channel that sends each notification as a plain text email through one SMTP server. */
export function createEmailChannel(options: EmailChannelOptions): NotificationChannel {
  // One connection per message: notifications are few, and a pooled connection would outlive
  // the server's idle timeout between them. Timeouts well under nodemailer's minutes-long
  // defaults let a stuck server fail the send so that the caller retries. Settings in the
  // URL's query (?socketTimeout=…) win over these, as nodemailer merges them.
  const transport = nodemailer.createTransport({
    url: options.smtpUrl,
    pool: false,
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 30_000,
  })
  return {
    name: 'email',
    async send(message) {
      await transport.sendMail({
        from: options.from,
        to: { name: message.recipient.name, address: message.recipient.email },
        subject: message.subject,
        text: emailBody(message),
        ...(message.tracking === undefined ? {} : { html: emailHtml(message) }),
        // The notification's id, so that a retried send is recognisably the same message.
        messageId: `<${message.id}@tandem>`,
        headers: { 'X-Tandem-Notification-Kind': message.kind },
      })
    },
    async close() {
      transport.close()
    },
  }
}
