import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { spawnTandem, stopTandem } from '../support/tandem-process.ts'

const dir = mkdtempSync(join(tmpdir(), 'tandem-lock-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe('one process per embedded data directory', () => {
  it('refuses a second tandem on the same directory with a clear error, and keeps the first', async () => {
    const data = join(dir, 'data')
    const first = spawnTandem(['start', '--port', '0', '--no-demo', '--data', data])
    const [, url] = await first.waitFor(/Tandem is running at (http:\/\/\S+)/)

    const second = spawnTandem(['start', '--port', '0', '--no-demo', '--data', data])
    const ended = await second.exited
    expect(ended.code).toBe(1)
    expect(second.output()).toContain(
      `The data directory ${data} is in use by another Tandem process`,
    )
    expect(second.output()).toContain('--data DIR')

    const migrate = spawnTandem(['migrate', '--data', data])
    expect((await migrate.exited).code).toBe(1)
    expect(migrate.output()).toContain('is in use by another Tandem process')

    expect((await fetch(`${url}/readyz`)).status).toBe(200)
    expect((await stopTandem(first)).code).toBe(0)

    const after = spawnTandem(['migrate', '--data', data])
    expect((await after.exited).code).toBe(0)
    expect(after.output()).toContain('Schema: up to date')
  })
})

describe('configuration errors', () => {
  it('names every bad setting and its expected form, and exits before touching data', async () => {
    const data = join(dir, 'never-created')
    const run = spawnTandem(['start', '--port', 'eighty', '--data', data], {
      TANDEM_LOG_LEVEL: 'loud',
      DATABASE_URL: 'mysql://nope',
    })
    const ended = await run.exited
    expect(ended.code).toBe(2)
    expect(run.output()).toContain('Invalid configuration (3)')
    expect(run.output()).toContain('--port="eighty": expected an integer from 0 to 65535')
    expect(run.output()).toContain('TANDEM_LOG_LEVEL="loud": expected one of fatal, error, warn')
    expect(run.output()).toContain('DATABASE_URL="mysql://nope": expected a PostgreSQL URL')
    expect(existsSync(data)).toBe(false)
  })

  it('explains a usage mistake with the help', async () => {
    const run = spawnTandem(['demo', '--size', 'huge'])
    expect((await run.exited).code).not.toBe(0)
    expect(run.output()).toMatch(/Allowed choices are small, default, large/)
  })

  it('prints help with examples for each command', async () => {
    for (const command of ['start', 'migrate', 'demo']) {
      const run = spawnTandem([command, '--help'])
      expect((await run.exited).code).toBe(0)
      expect(run.output()).toContain('Examples:')
      expect(run.output()).toContain(`tandem ${command}`)
    }
  })

  it('lists every setting with its flag, environment variable and default in start --help', async () => {
    const run = spawnTandem(['start', '--help'])
    expect((await run.exited).code).toBe(0)
    expect(run.output()).toMatch(
      /--port +TANDEM_PORT, PORT +an integer from 0 to 65535 .*\(default: 4680\)/,
    )
    expect(run.output()).toMatch(/--database-url +DATABASE_URL +a PostgreSQL URL/)
    expect(run.output()).toMatch(/--no-demo +TANDEM_DEMO +true or false .*\(default: true\)/)
  })
})
