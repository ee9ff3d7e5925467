import Type, { type TSchema } from 'typebox'
import Value from 'typebox/value'

// The one place that reads the environment (DESIGN.md rule 2). Every setting can come from a
// command-line flag or an environment variable; the flag wins. Parsed once, then frozen.

interface Setting {
  readonly schema: TSchema
  readonly env: readonly string[]
  readonly flag?: string
  readonly default?: unknown
  readonly expected: string
}

const settings = {
  databaseUrl: {
    schema: Type.Optional(Type.String({ pattern: '^postgres(ql)?://.+' })),
    env: ['DATABASE_URL'],
    flag: '--database-url',
    expected: 'a PostgreSQL URL such as postgres://user@127.0.0.1:5432/tandem (unset: embedded)',
  },
  dataDir: {
    schema: Type.String({ minLength: 1 }),
    env: ['TANDEM_DATA_DIR'],
    flag: '--data',
    default: '.tandem',
    expected: 'a directory path for the embedded database',
  },
  host: {
    schema: Type.String({ minLength: 1 }),
    env: ['TANDEM_HOST', 'HOST'],
    flag: '--host',
    default: '127.0.0.1',
    expected: 'a host name or IP address to listen on, such as 127.0.0.1 or 0.0.0.0',
  },
  port: {
    schema: Type.Integer({ minimum: 0, maximum: 65535 }),
    env: ['TANDEM_PORT', 'PORT'],
    flag: '--port',
    default: 4680,
    expected: 'an integer from 0 to 65535 (0 picks a free port)',
  },
  logLevel: {
    schema: Type.Union(
      ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'].map((l) => Type.Literal(l)),
    ),
    env: ['TANDEM_LOG_LEVEL', 'LOG_LEVEL'],
    flag: '--log-level',
    default: 'info',
    expected: 'one of fatal, error, warn, info, debug, trace, silent',
  },
  demo: {
    schema: Type.Boolean(),
    env: ['TANDEM_DEMO'],
    flag: '--no-demo',
    default: true,
    expected: 'true or false (whether the first start creates the demo workspace)',
  },
  demoSize: {
    schema: Type.Union([Type.Literal('small'), Type.Literal('default'), Type.Literal('large')]),
    env: ['TANDEM_DEMO_SIZE'],
    flag: '--demo-size',
    default: 'default',
    expected: 'one of small, default, large',
  },
} as const satisfies Record<string, Setting>

export type SettingName = keyof typeof settings

export interface Config {
  readonly databaseUrl: string | undefined
  readonly dataDir: string
  readonly host: string
  readonly port: number
  readonly logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent'
  readonly demo: boolean
  readonly demoSize: 'small' | 'default' | 'large'
}

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
  for (const [name, setting] of Object.entries(settings) as [SettingName, Setting][]) {
    const fromEnv = setting.env.find((key) => env[key] !== undefined && env[key] !== '')
    const [source, raw] =
      flags[name] !== undefined
        ? [setting.flag ?? name, flags[name]]
        : fromEnv !== undefined
          ? [fromEnv, env[fromEnv]]
          : ['default', setting.default]
    if (raw === undefined) continue
    const value = convert(setting.schema, raw)
    if (Value.Check(setting.schema, value)) values[name] = value
    else problems.push({ setting: name, source, value: raw, expected: setting.expected })
  }
  if (problems.length > 0) throw new ConfigError(problems)
  return Object.freeze({ databaseUrl: undefined, ...values } as Config)
}

/** The process's configuration: flags plus the real environment. */
export function loadConfig(flags: ConfigFlags): Config {
  return parseConfig(flags, process.env)
}

/** Documentation of every setting, for --help and the README. */
export function describeSettings(): readonly {
  name: SettingName
  env: readonly string[]
  flag: string | undefined
  default: unknown
  expected: string
}[] {
  return (Object.entries(settings) as [SettingName, Setting][]).map(([name, s]) => ({
    name,
    env: s.env,
    flag: s.flag,
    default: s.default,
    expected: s.expected,
  }))
}
