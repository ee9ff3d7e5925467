import { describe, expect, it } from 'vitest'
import { ConfigError, parseConfig } from './config.ts'

describe('parseConfig', () => {
  it('gives sensible defaults for a first run', () => {
    expect(parseConfig({}, {})).toEqual({
      databaseUrl: undefined,
      dataDir: '.tandem',
      host: '127.0.0.1',
      port: 4680,
      logLevel: 'info',
      ingestConcurrency: 64,
      requestTimeout: 30,
      demo: true,
      demoSize: 'default',
      mailFrom: 'Tandem <tandem@localhost>',
    })
    expect(parseConfig({}, {})).not.toHaveProperty('smtpUrl')
    expect(parseConfig({}, {})).not.toHaveProperty('webhookUrl')
  })

  it('reads the environment and lets flags win over it', () => {
    const env = { PORT: '9000', TANDEM_DEMO: 'false', DATABASE_URL: 'postgres://u@h:5432/db' }
    expect(parseConfig({}, env)).toMatchObject({
      port: 9000,
      demo: false,
      databaseUrl: 'postgres://u@h:5432/db',
    })
    expect(parseConfig({ port: '9100', demo: true }, env)).toMatchObject({ port: 9100, demo: true })
  })

  it('prefers TANDEM_PORT over PORT and ignores empty variables', () => {
    expect(parseConfig({}, { TANDEM_PORT: '5000', PORT: '6000' }).port).toBe(5000)
    expect(parseConfig({}, { TANDEM_PORT: '', PORT: '6000' }).port).toBe(6000)
  })

  it('is frozen', () => {
    const config = parseConfig({}, {})
    expect(Object.isFrozen(config)).toBe(true)
  })

  it('names every bad setting, where it came from and the form it must take', () => {
    const attempt = () =>
      parseConfig(
        { port: 'eighty' },
        { TANDEM_LOG_LEVEL: 'loud', DATABASE_URL: 'mysql://x', TANDEM_DEMO: 'maybe' },
      )
    expect(attempt).toThrow(ConfigError)
    try {
      attempt()
    } catch (error) {
      const problems = (error as ConfigError).problems
      expect(problems.map((p) => [p.setting, p.source, p.value])).toEqual([
        ['databaseUrl', 'DATABASE_URL', 'mysql://x'],
        ['port', '--port', 'eighty'],
        ['logLevel', 'TANDEM_LOG_LEVEL', 'loud'],
        ['demo', 'TANDEM_DEMO', 'maybe'],
      ])
      const message = (error as Error).message
      expect(message).toContain('Invalid configuration (4)')
      expect(message).toContain('--port="eighty": expected an integer from 0 to 65535')
      expect(message).toContain('TANDEM_LOG_LEVEL="loud": expected one of fatal, error, warn')
    }
  })

  it('reads the notification settings from flags and the environment', () => {
    const env = {
      TANDEM_SMTP_URL: 'smtps://tandem:secret@smtp.example.com:465',
      TANDEM_MAIL_FROM: 'Tandem <tandem@example.com>',
      TANDEM_WEBHOOK_URL: 'https://hooks.slack.com/services/T/B/x',
    }
    expect(parseConfig({}, env)).toMatchObject({
      smtpUrl: 'smtps://tandem:secret@smtp.example.com:465',
      mailFrom: 'Tandem <tandem@example.com>',
      webhookUrl: 'https://hooks.slack.com/services/T/B/x',
    })
    expect(
      parseConfig(
        { smtpUrl: 'smtp://127.0.0.1:2525', webhookUrl: 'http://127.0.0.1:9000/hook' },
        env,
      ),
    ).toMatchObject({ smtpUrl: 'smtp://127.0.0.1:2525', webhookUrl: 'http://127.0.0.1:9000/hook' })
  })

  it('refuses notification URLs of another scheme', () => {
    const attempt = () =>
      parseConfig(
        { webhookUrl: 'ftp://hooks.example.com' },
        { TANDEM_SMTP_URL: 'mail.example.com:25', TANDEM_MAIL_FROM: '' },
      )
    expect(attempt).toThrow(ConfigError)
    try {
      attempt()
    } catch (error) {
      expect((error as ConfigError).problems.map((p) => [p.setting, p.source])).toEqual([
        ['smtpUrl', 'TANDEM_SMTP_URL'],
        ['webhookUrl', '--webhook-url'],
      ])
    }
  })

  it('takes a public URL without a trailing slash, for links and tracking', () => {
    expect(parseConfig({}, {})).not.toHaveProperty('publicUrl')
    expect(parseConfig({}, { TANDEM_PUBLIC_URL: 'https://tandem.example.com/crm' })).toMatchObject({
      publicUrl: 'https://tandem.example.com/crm',
    })
    expect(() => parseConfig({ publicUrl: 'https://tandem.example.com/' }, {})).toThrow(
      /--public-url="https:\/\/tandem.example.com\/": expected the URL people reach/,
    )
  })

  it('refuses out-of-range and fractional ports', () => {
    expect(() => parseConfig({ port: '70000' }, {})).toThrow(/--port="70000"/)
    expect(() => parseConfig({}, { PORT: '80.5' })).toThrow(/PORT="80.5"/)
  })
})
