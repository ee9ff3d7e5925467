import { describeSettings } from '../config.ts'

/** Every setting with its flag, environment variables and expected form, for --help. */
export function settingsHelp(): string {
  const rows = describeSettings().map((setting) => {
    const fallback = setting.default === undefined ? '' : ` (default: ${String(setting.default)})`
    return `  ${(setting.flag ?? '').padEnd(16)} ${setting.env.join(', ').padEnd(28)} ${setting.expected}${fallback}`
  })
  return `\nSettings (a flag wins over its environment variable):\n${rows.join('\n')}`
}
