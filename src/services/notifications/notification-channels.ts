import type { Config } from '../../config.ts'
import { createEmailChannel } from './email-channel.ts'
import type { NotificationChannel } from './notification-message.ts'
import { createWebhookChannel } from './webhook-channel.ts'

/** The channels the configuration enables: email with an SMTP URL, webhook with a webhook URL. */
export function channelsFromConfig(
  config: Pick<Config, 'smtpUrl' | 'mailFrom' | 'webhookUrl'>,
): NotificationChannel[] {
  const channels: NotificationChannel[] = []
  if (config.smtpUrl !== undefined) {
    channels.push(createEmailChannel({ smtpUrl: config.smtpUrl, from: config.mailFrom }))
  }
  if (config.webhookUrl !== undefined)
    channels.push(createWebhookChannel({ url: config.webhookUrl }))
  return channels
}
