import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { logIn } from '../../src/services/auth/sessions.ts'
import { addUser } from '../../src/services/users.ts'
import { createWorkspace } from '../../src/services/workspaces.ts'
import { migrateToLatest } from '../../src/store/migrate.ts'
import { openStore } from '../../src/store/open-store.ts'
import { spawnTandem } from '../support/tandem-process.ts'

// `tandem user password`: the password comes on standard input, and is then the one that logs in.

const dir = mkdtempSync(join(tmpdir(), 'tandem-password-'))
const data = join(dir, 'data')
afterAll(() => rmSync(dir, { recursive: true, force: true }))

beforeAll(async () => {
  const store = await openStore({ kind: 'pglite', dataDir: data })
  try {
    await migrateToLatest(store.db)
    const workspaceId = (await createWorkspace(store.db, { slug: 'acme', name: 'Acme' })).id
    await addUser(store.db, { workspaceId, email: 'mia@acme.test', name: 'Mia', role: 'marketing' })
  } finally {
    await store.close()
  }
})

const setPassword = (password: string) =>
  spawnTandem(
    ['user', 'password', 'mia@acme.test', '--workspace', 'acme', '--data', data],
    {},
    `${password}\n`,
  )

describe('tandem user password', () => {
  it('sets the password read from standard input, which then logs in', async () => {
    const child = setPassword('paper lantern mountain')
    const { code } = await child.exited
    expect(code, child.output()).toBe(0)
    expect(child.output()).toMatch(/Set the password of mia@acme.test/)
    expect(child.output()).not.toContain('paper lantern')
    const store = await openStore({ kind: 'pglite', dataDir: data })
    try {
      const attempt = { workspace: 'acme', email: 'mia@acme.test', now: new Date() }
      expect(
        await logIn(store.db, { ...attempt, password: 'paper lantern mountain' }),
      ).toMatchObject({
        user: { email: 'mia@acme.test', role: 'marketing' },
      })
      expect(await logIn(store.db, { ...attempt, password: 'paper lantern' })).toBeUndefined()
    } finally {
      await store.close()
    }
  })

  it('refuses a short password, saying how long it must be', async () => {
    const child = setPassword('short')
    const { code } = await child.exited
    expect(code).not.toBe(0)
    expect(child.output()).toMatch(/at least 12 characters/)
  })
})
