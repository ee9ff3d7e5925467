import type { Command } from 'commander'
import { type ConfigFlags, describeSettings, type SettingName } from '../config.ts'
import { settingsHelp } from './settings-help.ts'

/** Commander's name for a flag's value: --demo-size is demoSize, --no-demo is demo. */
const optionName = (flag: string) =>
  flag.replace(/^--(no-)?/, '').replace(/-([a-z])/g, (_, letter: string) => letter.toUpperCase())

// Each setting's flag comes from the config schema, so options and settings cannot drift apart.
const optionToSetting: ReadonlyMap<string, SettingName> = new Map(
  describeSettings().map((setting) => [optionName(setting.flag), setting.name]),
)

/** The settings given on the command line (not commander's defaults: those are the config's). */
export function configFlags(command: Command): ConfigFlags {
  const flags: Record<string, unknown> = {}
  for (const [option, value] of Object.entries(command.opts())) {
    const setting = optionToSetting.get(option)
    if (setting !== undefined && command.getOptionValueSource(option) === 'cli') {
      flags[setting] = value
    }
  }
  return flags
}

/**
 * The options every command that opens the database accepts. Their environment variables and
 * defaults are listed once, from the config schema, in the settings table of `start --help`.
 */
export function withStoreOptions(command: Command): Command {
  return command
    .option('--data <dir>', 'embedded database directory')
    .option('--database-url <url>', 'use this PostgreSQL server instead of the embedded database')
    .option('--log-level <level>', 'how much the server logs')
    .addHelpText(
      'after',
      command.name() === 'start'
        ? settingsHelp()
        : '\nEnvironment variables and defaults of every setting: tandem start --help',
    )
}
