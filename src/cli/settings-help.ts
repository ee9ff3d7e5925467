import { describeSettings } from '../config.ts'

/** Every setting with its flag, environment variables and expected form, for --help. */
export function settingsHelp(): string {
  const settings = describeSettings()
  const flagWidth = Math.max(...settings.map((s) => s.flag.length))
  const envWidth = Math.max(...settings.map((s) => s.env.join(', ').length))
  const rows = settings.map((setting) => {
    const fallback = setting.default === undefined ? '' : ` (default: ${String(setting.default)})`
    const env = setting.env.join(', ')
    return `  ${setting.flag.padEnd(flagWidth)}  ${env.padEnd(envWidth)}  ${setting.expected}${fallback}`
  })
  return `\nSettings (a flag wins over its environment variable):\n${rows.join('\n')}`
}
