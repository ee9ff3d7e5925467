import { randomUUID } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { changeCampaign } from '../../src/services/alerts/alert-campaigns.ts'
import { queueAlert } from '../../src/services/alerts/queue-alert.ts'
import { addUser } from '../../src/services/users.ts'
import { createWorkspace } from '../../src/services/workspaces.ts'
import { migrateToLatest } from '../../src/store/migrate.ts'
import { openStore } from '../../src/store/open-store.ts'
import { spawnTandem } from '../support/tandem-process.ts'

// `tandem alerts results` on an embedded database with a surge campaign tested in two variants:
// 20 alerts each, 12 and 4 acted on within the day, all long decided.

const dir = mkdtempSync(join(tmpdir(), 'tandem-alerts-'))
const data = join(dir, 'data')
afterAll(() => rmSync(dir, { recursive: true, force: true }))

beforeAll(async () => {
  const store = await openStore({ kind: 'pglite', dataDir: data })
  try {
    const db = store.db
    await migrateToLatest(db)
    const workspaceId = (await createWorkspace(db, { slug: 'acme', name: 'Acme' })).id
    const rep = (
      await addUser(db, { workspaceId, email: 'ada@acme.test', name: 'Ada', role: 'sdr' })
    ).id
    const at = new Date('2026-01-05T09:00:00Z')
    await changeCampaign(db, {
      workspaceId,
      key: 'surge',
      change: {
        variants: [
          { name: 'wiifm', subject: '{{account}} is heating up', body: '{{momentum}}', weight: 1 },
          { name: 'plain', subject: 'Surge: {{account}}', body: '{{momentum}}', weight: 1 },
        ],
      },
      actor: { type: 'system', id: 'test' },
      at,
    })
    for (const [variant, random, acted] of [
      ['wiifm', 0.1, 12],
      ['plain', 0.9, 4],
    ] as const)
      for (let i = 0; i < 20; i += 1) {
        const id = await db.transaction().execute((trx) =>
          queueAlert(trx, {
            workspaceId,
            recipientId: rep,
            kind: 'surge',
            values: { account: 'Litware', momentum: '3 times' },
            entityType: 'account',
            entityId: randomUUID(),
            at,
            random: () => random,
          }),
        )
        if (i < acted)
          await db
            .updateTable('notifications')
            .set({ acted_at: new Date(at.getTime() + (i + 1) * 600_000), acted_action: 'view' })
            .where('workspace_id', '=', workspaceId)
            .where('id', '=', id)
            .where('variant', '=', variant)
            .execute()
      }
  } finally {
    await store.close()
  }
})

describe('tandem alerts results', () => {
  it('prints each variant with its goal rate, z and p against the control', async () => {
    const child = spawnTandem([
      'alerts',
      'results',
      'surge',
      '--format',
      'csv',
      '--workspace',
      'acme',
      '--data',
      data,
    ])
    const { code } = await child.exited
    const output = child.output()
    expect(code, output).toBe(0)
    const lines = output.split(/\r?\n/)
    const header = lines.findIndex((line) => line.startsWith('Variant,'))
    expect(lines[header]).toBe(
      'Variant,Alerts,Sent,Opened,Clicked,Goal met,Decided,Goal rate,z,p,Median min,p90 min',
    )
    // 12/20 against 4/20: pooled 0.4, z = -0.4 / sqrt(0.4 * 0.6 / 10) = -2.58, p = 0.0098.
    expect(lines[header + 1]).toBe('wiifm (control),20,0,,,12,20,60.0%,,,60,110')
    expect(lines[header + 2]).toBe('plain,20,0,,,4,20,20.0%,-2.58,0.00982,20,40')
  })

  it('names the campaigns when the key is wrong', async () => {
    const child = spawnTandem(['alerts', 'results', 'nope', '--workspace', 'acme', '--data', data])
    const { code } = await child.exited
    expect(code).not.toBe(0)
    expect(child.output()).toContain('There is no alert campaign "nope"; the campaigns are handoff')
  })
})
