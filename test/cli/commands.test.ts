import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { spawnTandem } from '../support/tandem-process.ts'

const dir = mkdtempSync(join(tmpdir(), 'tandem-commands-'))
const data = join(dir, 'data')
afterAll(() => rmSync(dir, { recursive: true, force: true }))

const run = async (args: string[]) => {
  const process = spawnTandem([...args, '--data', data])
  const { code } = await process.exited
  return { code, output: process.output() }
}

describe('tandem migrate, demo and api-key create', () => {
  it('migrates an empty directory and says so', async () => {
    const { code, output } = await run(['migrate'])
    expect(code).toBe(0)
    expect(output).toContain('applied 0001-domain-schema')
  })

  it('creates a named demo workspace with progress and prints its keys', async () => {
    const { code, output } = await run([
      'demo',
      '--size',
      'small',
      '--workspace',
      'demo-small',
      '--seed',
      '7',
    ])
    expect(code).toBe(0)
    expect(output).toContain('Creating the demo workspace "demo-small" (size small, seed 7)')
    expect(output).toMatch(/activities: 100% \([\d,]+ \/ [\d,]+\)/)
    expect(output).toMatch(/Demo workspace ready in [\d.]+s: 6 teams, \d+ users, .*2,000 contacts/)
    expect(output).toMatch(/Admin API key \(shown once, keep it\): tdm_[0-9a-f]{32}_\S+/)
    expect(output).toMatch(/Tracking write key: +twk_[0-9a-f]{32}_\S+/)
    expect(output).toMatch(
      /Dashboard login \(shown once\): +workspace demo-small, admin@tandem-demo\.test, password \S{16}$/m,
    )
  })

  it('refuses to reuse a slug and says how to choose another', async () => {
    const { code, output } = await run(['demo', '--size', 'small', '--workspace', 'demo-small'])
    expect(code).toBe(1)
    expect(output).toContain(
      'A workspace "demo-small" already exists. Choose another slug with --workspace.',
    )
  })

  it('issues API keys and write keys for an existing workspace only', async () => {
    const api = await run([
      'api-key',
      'create',
      '--workspace',
      'demo-small',
      '--scope',
      'read,write',
    ])
    expect(api.code).toBe(0)
    expect(api.output).toMatch(/^tdm_[0-9a-f]{32}_\S+$/m)
    const write = await run(['api-key', 'create', '--workspace', 'demo-small', '--write'])
    expect(write.output).toMatch(/^twk_[0-9a-f]{32}_\S+$/m)
    const missing = await run(['api-key', 'create', '--workspace', 'nowhere'])
    expect(missing.code).toBe(1)
    expect(missing.output).toContain('There is no workspace "nowhere"')
    const badScope = await run(['api-key', 'create', '--scope', 'everything'])
    expect(badScope.code).not.toBe(0)
    expect(badScope.output).toContain(
      '"everything" is not a scope; use ingest, read, write, admin.',
    )
  })
})
