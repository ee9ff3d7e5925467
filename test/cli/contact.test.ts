import { randomUUID } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { embeddedWorkspace } from '../support/embedded-workspace.ts'

// `tandem contact consent|export|erase` on an embedded database holding one imported person.

const email = 'lena.berg@northwind-traders.example'
let cli: Awaited<ReturnType<typeof embeddedWorkspace>>
afterAll(() => cli?.remove())

beforeAll(async () => {
  cli = await embeddedWorkspace('contact', async (db, workspaceId) => {
    await db
      .insertInto('contacts')
      .values({ workspace_id: workspaceId, id: randomUUID(), email, first_name: 'Lena' })
      .execute()
  })
})

const tandem = (...args: string[]) => cli.tandem('contact', ...args)

describe('tandem contact', () => {
  it('records a suppression and keeps it against a weaker one', async () => {
    const none = await tandem('consent', email)
    expect(none.output).toContain('No consent or suppression recorded')
    const set = await tandem('consent', email, '--set', 'email=suppressed:unsubscribed')
    expect(set.code, set.output).toBe(0)
    expect(set.output).toMatch(/email\s+suppressed\s+unsubscribed\s+user/)
    const weaker = await tandem('consent', email, '--set', 'email=suppressed:bounced')
    expect(weaker.code).not.toBe(0)
    expect(weaker.output).toContain('Unsubscribed outranks Bounced; it is kept.')
    const typo = await tandem('consent', email, '--set', 'email=suppressed')
    expect(typo.code).not.toBe(0)
    expect(typo.output).toContain('A suppression needs a reason')
  })

  it('exports the person to a file, then erases them only with --yes', async () => {
    const file = join(cli.dir, 'lena.json')
    const exported = await tandem('export', email, '--output', file)
    expect(exported.code, exported.output).toBe(0)
    const document = JSON.parse(readFileSync(file, 'utf8'))
    expect(document.contact).toMatchObject({ email, first_name: 'Lena' })
    expect(document.consents).toMatchObject([{ channel: 'email', reason: 'unsubscribed' }])

    const unconfirmed = await tandem('erase', email)
    expect(unconfirmed.code).not.toBe(0)
    expect(unconfirmed.output).toContain('run it again with --yes')
    const erased = await tandem('erase', email, '--reason', 'DSR-7', '--yes')
    expect(erased.code, erased.output).toBe(0)
    expect(erased.output).toMatch(/^Erased contact [0-9a-f-]{36}: 1 identifier blocked/m)
    const gone = await tandem('export', email)
    expect(gone.code).not.toBe(0)
    expect(gone.output).toContain(`No contact with id or email "${email}"`)
  })
})
