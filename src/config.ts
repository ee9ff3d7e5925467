import Type, { type Static, type TSchema } from 'typebox'
import Value from 'typebox/value'

// The one place that reads the environment (DESIGN.md rule 2). Every setting can come from a
// command-line flag or an environment variable; the flag wins. Parsed once, then frozen.

/** How a setting is given and described; kept on each property of the one schema below. */
interface SettingSource {
  readonly env: readonly string[]
  readonly flag: string
  readonly expected: string
}

const setting = <T extends TSchema>(schema: T, source: SettingSource): T =>
  Object.assign(schema, { 'x-source': source })

const sourceOf = (schema: TSchema): SettingSource =>
  (schema as TSchema & { 'x-source': SettingSource })['x-source']

export const ConfigSchema = Type.Object({
  databaseUrl: Type.Optional(
    setting(Type.String({ pattern: '^postgres(ql)?://.+' }), {
      env: ['DATABASE_URL'],
      flag: '--database-url',
      expected: 'a PostgreSQL URL such as postgres://user@127.0.0.1:5432/tandem (unset: embedded)',
    }),
  ),
  dataDir: setting(Type.String({ minLength: 1, default: '.tandem' }), {
    env: ['TANDEM_DATA_DIR'],
    flag: '--data',
    expected: 'a directory path for the embedded database',
  }),
  host: setting(Type.String({ minLength: 1, default: '127.0.0.1' }), {
    env: ['TANDEM_HOST', 'HOST'],
    flag: '--host',
    expected: 'a host name or IP address to listen on, such as 127.0.0.1 or 0.0.0.0',
  }),
  port: setting(Type.Integer({ minimum: 0, maximum: 65535, default: 4680 }), {
    env: ['TANDEM_PORT', 'PORT'],
    flag: '--port',
    expected: 'an integer from 0 to 65535 (0 picks a free port)',
  }),
  logLevel: setting(
    Type.Union(
      [
        Type.Literal('fatal'),
        Type.Literal('error'),
        Type.Literal('warn'),
        Type.Literal('info'),
        Type.Literal('debug'),
        Type.Literal('trace'),
        Type.Literal('silent'),
      ],
      { default: 'info' },
    ),
    {
      env: ['TANDEM_LOG_LEVEL', 'LOG_LEVEL'],
      flag: '--log-level',
      expected: 'one of fatal, error, warn, info, debug, trace, silent',
    },
  ),
  ingestConcurrency: setting(Type.Integer({ minimum: 1, maximum: 10_000, default: 64 }), {
    env: ['TANDEM_INGEST_CONCURRENCY'],
    flag: '--ingest-concurrency',
    expected: 'an integer from 1 to 10000: tracking requests served at once before answering 429',
  }),
  requestTimeout: setting(Type.Integer({ minimum: 1, maximum: 3600, default: 30 }), {
    env: ['TANDEM_REQUEST_TIMEOUT'],
    flag: '--request-timeout',
    expected:
      'an integer from 1 to 3600: seconds a request may take to arrive before answering 408 (CSV imports excepted)',
  }),
  demo: setting(Type.Boolean({ default: true }), {
    env: ['TANDEM_DEMO'],
    flag: '--no-demo',
    expected: 'true or false (whether the first start creates the demo workspace)',
  }),
  demoSize: setting(
    Type.Union([Type.Literal('small'), Type.Literal('default'), Type.Literal('large')], {
      default: 'default',
    }),
    { env: ['TANDEM_DEMO_SIZE'], flag: '--demo-size', expected: 'one of small, default, large' },
  ),
  smtpUrl: Type.Optional(
    setting(Type.String({ pattern: '^smtps?://.+' }), {
      env: ['TANDEM_SMTP_URL'],
      flag: '--smtp-url',
      expected:
        'an SMTP URL such as smtps://user:password@smtp.example.com:465 (unset: no email notifications)',
    }),
  ),
  mailFrom: setting(Type.String({ minLength: 1, default: 'Tandem <tandem@localhost>' }), {
    env: ['TANDEM_MAIL_FROM'],
    flag: '--mail-from',
    expected: 'the sender of notification emails, such as Tandem <tandem@example.com>',
  }),
  publicUrl: Type.Optional(
    setting(Type.String({ pattern: '^https?://[^/?#]+(/[^?#]*[^/?#])?$' }), {
      env: ['TANDEM_PUBLIC_URL'],
      flag: '--public-url',
      expected:
        'the URL people reach this server at, such as https://tandem.example.com, without a trailing slash (unset: notifications carry no links and no open or click tracking)',
    }),
  ),
  webhookUrl: Type.Optional(
    setting(Type.String({ pattern: '^https?://.+' }), {
      env: ['TANDEM_WEBHOOK_URL'],
      flag: '--webhook-url',
      expected:
        'an http(s) URL that receives notifications as Slack-compatible JSON (unset: no webhook)',
    }),
  ),
})

export type Config = Readonly<Static<typeof ConfigSchema>>
export type SettingName = keyof Config

const settingEntries = () =>
  Object.entries(ConfigSchema.properties) as [SettingName, TSchema & { default?: unknown }][]

export interface ConfigProblem {
  readonly setting: SettingName
  /** Where the bad value came from: the flag or environment variable as the user wrote it. */
  readonly source: string
  readonly value: unknown
  readonly expected: string
}

export class ConfigError extends Error {
  readonly problems: readonly ConfigProblem[]
  constructor(problems: readonly ConfigProblem[]) {
    const lines = problems.map(
      (p) => `  - ${p.source}=${JSON.stringify(p.value)}: expected ${p.expected}`,
    )
    super(`Invalid configuration (${problems.length}):\n${lines.join('\n')}`)
    this.name = 'ConfigError'
    this.problems = problems
  }
}

export type ConfigFlags = Partial<Record<SettingName, unknown>>

const booleanWords: Readonly<Record<string, boolean>> = {
  true: true,
  false: false,
  '1': true,
  '0': false,
  yes: true,
  no: false,
  on: true,
  off: false,
}

function convert(schema: TSchema, raw: unknown): unknown {
  if (typeof raw !== 'string') return raw
  const type = (schema as { type?: unknown }).type
  if (type === 'boolean') return booleanWords[raw.trim().toLowerCase()] ?? raw
  if (type === 'integer') return /^-?\d+$/.test(raw.trim()) ? Number(raw) : raw
  return raw
}

/**
 * Builds the configuration from flags (already parsed by the CLI) and an environment.
 * Reports every bad setting at once, each with where it came from and the form it must take.
 */
export function parseConfig(
  flags: ConfigFlags,
  env: Readonly<Record<string, string | undefined>>,
): Config {
  const values: Record<string, unknown> = {}
  const problems: ConfigProblem[] = []
  for (const [name, schema] of settingEntries()) {
    const source = sourceOf(schema)
    const fromEnv = source.env.find((key) => env[key] !== undefined && env[key] !== '')
    const [origin, raw] =
      flags[name] !== undefined
        ? [source.flag, flags[name]]
        : fromEnv !== undefined
          ? [fromEnv, env[fromEnv]]
          : ['default', schema.default]
    if (raw === undefined) continue
    const value = convert(schema, raw)
    if (Value.Check(schema, value)) values[name] = value
    else problems.push({ setting: name, source: origin, value: raw, expected: source.expected })
  }
  if (problems.length > 0) throw new ConfigError(problems)
  return Object.freeze({ databaseUrl: undefined, ...values }) as Config
}

/** The process's configuration: flags plus the real environment. */
export function loadConfig(flags: ConfigFlags): Config {
  return parseConfig(flags, process.env)
}

/** Documentation of every setting, for --help. */
export function describeSettings(): readonly (SettingSource & {
  name: SettingName
  default: unknown
})[] {
  return settingEntries().map(([name, schema]) => ({
    name,
    ...sourceOf(schema),
    default: schema.default,
  }))
}
