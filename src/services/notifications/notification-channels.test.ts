import { describe, expect, it } from 'vitest'
import { parseConfig } from '../../config.ts'
import { channelsFromConfig } from './notification-channels.ts'

describe('channelsFromConfig', () => {
  it('enables no channel by default', () => {
    expect(channelsFromConfig(parseConfig({}, {}))).toEqual([])
  })

  it('enables email with an SMTP URL and the webhook with a webhook URL', async () => {
    const env = {
      TANDEM_SMTP_URL: 'smtp://127.0.0.1:2525',
      TANDEM_WEBHOOK_URL: 'https://hooks.example.com/x',
    }
    const channels = channelsFromConfig(parseConfig({}, env))
    expect(channels.map((channel) => channel.name)).toEqual(['email', 'webhook'])
    await Promise.all(channels.map((channel) => channel.close()))
    expect(
      channelsFromConfig(parseConfig({}, { TANDEM_WEBHOOK_URL: env.TANDEM_WEBHOOK_URL })).map(
        (channel) => channel.name,
      ),
    ).toEqual(['webhook'])
  })
})
