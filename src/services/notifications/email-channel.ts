import nodemailer from 'nodemailer'
import type { NotificationChannel, NotificationMessage } from './notification-message.ts'

export interface EmailChannelOptions {
  /** smtp:// or smtps:// URL, with user:password when the server wants them. */
  readonly smtpUrl: string
  /** Sender, such as 'Tandem <tandem@example.com>'. */
  readonly from: string
}

/** The body of a notification email: its text, then the link to open in Tandem if there is one. */
export function emailBody(message: NotificationMessage): string {
  return message.link === undefined ? message.text : `${message.text}\n\n${message.link}`
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
