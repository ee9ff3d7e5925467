import type { Command } from 'commander'
import type { ConfigFlags, SettingName } from '../config.ts'

// Commander option names, mapped to the configuration settings they set.
const optionToSetting: Readonly<Record<string, SettingName>> = {
  data: 'dataDir',
  databaseUrl: 'databaseUrl',
  host: 'host',
  port: 'port',
  logLevel: 'logLevel',
  ingestConcurrency: 'ingestConcurrency',
  demo: 'demo',
  demoSize: 'demoSize',
}

/** The settings given on the command line (not commander's defaults: those are the config's). */
export function configFlags(command: Command): ConfigFlags {
  const flags: Record<string, unknown> = {}
  for (const [option, value] of Object.entries(command.opts())) {
    const setting = optionToSetting[option]
    if (setting !== undefined && command.getOptionValueSource(option) === 'cli') {
      flags[setting] = value
    }
  }
  return flags
}

/** The options every command that opens the database accepts. */
export function withStoreOptions(command: Command): Command {
  return command
    .option('--data <dir>', 'embedded database directory (env TANDEM_DATA_DIR)', undefined)
    .option('--database-url <url>', 'use this PostgreSQL server instead (env DATABASE_URL)')
    .option(
      '--log-level <level>',
      'fatal|error|warn|info|debug|trace|silent (env TANDEM_LOG_LEVEL)',
    )
}
