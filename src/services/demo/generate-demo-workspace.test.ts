import { describe, expect, it } from 'vitest'
import { ACCOUNT_STAGES } from '../../domain/lifecycle/account-funnel.ts'
import { LEAD_STAGES } from '../../domain/lifecycle/lead-funnel.ts'
import { DEMO_ADMIN_EMAIL } from './demo-org.ts'
import {
  DEMO_HISTORY_DAYS,
  DEMO_SIZES,
  type DemoWorkspaceRows,
  generateDemoWorkspace,
} from './generate-demo-workspace.ts'

const workspaceId = '6f1c1b2e-3d4a-4b5c-8d6e-7f8091a2b3c4'
const now = new Date('2026-11-23T12:00:00Z')
const start = new Date(now.getTime() - DEMO_HISTORY_DAYS * 86_400_000)
const small = generateDemoWorkspace({ workspaceId, size: 'small', seed: 42, now })

const time = (value: unknown) => (value as Date).getTime()
const ids = (rows: readonly { id?: unknown }[]) => new Set(rows.map((r) => r.id as string))
const leadStages: readonly string[] = LEAD_STAGES
const accountStages: readonly string[] = ACCOUNT_STAGES

function everyRow(rows: DemoWorkspaceRows): Record<string, unknown>[] {
  return Object.values(rows).flat() as Record<string, unknown>[]
}

describe('generateDemoWorkspace', () => {
  it('gives the same company for the same seed, and another for another seed', () => {
    expect(generateDemoWorkspace({ workspaceId, size: 'small', seed: 42, now })).toEqual(small)
    const other = generateDemoWorkspace({ workspaceId, size: 'small', seed: 43, now })
    expect(other.accounts[0]?.name).not.toBe(small.accounts[0]?.name)
  })

  it('has the size asked for', () => {
    expect(small.accounts).toHaveLength(DEMO_SIZES.small.accounts)
    expect(small.contacts).toHaveLength(DEMO_SIZES.small.contacts)
    expect(small.activities.length).toBeGreaterThan(small.contacts.length * 5)
  })

  it('puts every row in the workspace and gives every row a unique id', () => {
    for (const row of everyRow(small).filter((r) => 'workspace_id' in r)) {
      expect(row.workspace_id).toBe(workspaceId)
    }
    const all = everyRow(small).flatMap((r) => (typeof r.id === 'string' ? [r.id] : []))
    expect(new Set(all).size).toBe(all.length)
    for (const id of all)
      expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/)
  })

  it('staffs every role, both motions, teams with managers, and one admin', () => {
    expect(new Set(small.users.map((u) => u.role))).toEqual(
      new Set(['admin', 'marketing', 'sales', 'sdr', 'ae', 'cs']),
    )
    expect(new Set(small.teams.map((t) => t.motion))).toEqual(
      new Set([null, 'volume', 'account_based']),
    )
    expect(small.users.filter((u) => u.email === DEMO_ADMIN_EMAIL)).toHaveLength(1)
    const userIds = ids(small.users)
    expect(small.teamManagers.map((m) => m.teamId).sort()).toEqual([...ids(small.teams)].sort())
    for (const { managerId } of small.teamManagers) expect(userIds.has(managerId)).toBe(true)
    // Managers come before the people who report to them, so one insert satisfies the foreign key.
    const seen = new Set<string>()
    for (const user of small.users) {
      if (user.manager_id) expect(seen.has(user.manager_id)).toBe(true)
      seen.add(user.id)
    }
    for (const user of small.users)
      expect(() => new Intl.DateTimeFormat('en', { timeZone: user.time_zone })).not.toThrow()
  })

  it('keeps emails and domains unique the way the schema does', () => {
    const emails = small.contacts.map((c) => String(c.email).toLowerCase())
    expect(new Set(emails).size).toBe(emails.length)
    const userEmails = small.users.map((u) => u.email.toLowerCase())
    expect(new Set(userEmails).size).toBe(userEmails.length)
    const domains = small.accountDomains.map((d) => d.domain)
    expect(new Set(domains).size).toBe(domains.length)
    for (const domain of domains) expect(domain).toBe(domain.toLowerCase())
  })

  it('points every reference at a row that exists', () => {
    const users = ids(small.users)
    const accounts = ids(small.accounts)
    const contacts = ids(small.contacts)
    const campaigns = ids(small.campaigns)
    const opportunities = ids(small.opportunities)
    const known = (set: Set<string>, value: unknown) => value == null || set.has(value as string)
    for (const a of small.accounts)
      expect(known(users, a.owner_id) && known(users, a.sdr_id)).toBe(true)
    for (const d of small.accountDomains) expect(accounts.has(d.account_id)).toBe(true)
    for (const c of small.contacts) {
      expect(
        known(accounts, c.account_id) &&
          known(users, c.owner_id) &&
          known(campaigns, c.source_campaign_id),
      ).toBe(true)
    }
    for (const a of small.activities) {
      expect(a.contact_id != null || a.account_id != null).toBe(true)
      expect(known(contacts, a.contact_id) && known(accounts, a.account_id)).toBe(true)
      expect(known(campaigns, a.campaign_id) && known(users, a.actor_user_id)).toBe(true)
    }
    for (const o of small.opportunities)
      expect(accounts.has(o.account_id) && known(users, o.owner_id)).toBe(true)
    for (const r of small.opportunityContacts) {
      expect(opportunities.has(r.opportunity_id) && contacts.has(r.contact_id)).toBe(true)
    }
  })

  it('dates everything within the year before now', () => {
    const dated = [
      ...small.activities.map((a) => a.occurred_at),
      ...small.stageTransitions.map((t) => t.at),
      ...small.contacts.map((c) => c.created_at),
      ...small.opportunities.flatMap((o) => [o.created_at, o.closed_at].filter((d) => d != null)),
    ]
    for (const at of dated) {
      expect(time(at)).toBeLessThanOrEqual(now.getTime())
      expect(time(at)).toBeGreaterThanOrEqual(start.getTime())
    }
  })

  it('tells each person’s and each account’s story in order, ending at their current stage', () => {
    const byEntity = new Map<string, typeof small.stageTransitions>()
    for (const t of small.stageTransitions) {
      byEntity.set(`${t.funnel}:${t.entity_id}`, [
        ...(byEntity.get(`${t.funnel}:${t.entity_id}`) ?? []),
        t,
      ])
    }
    for (const contact of small.contacts) {
      const story = byEntity.get(`lead:${contact.id}`) ?? []
      expect(story[0]).toMatchObject({ from_stage: null, to_stage: 'inquiry' })
      story.forEach((step, i) => {
        expect(leadStages).toContain(step.to_stage)
        if (i > 0) {
          expect(step.from_stage).toBe(story[i - 1]?.to_stage)
          expect(time(step.at)).toBeGreaterThanOrEqual(time(story[i - 1]?.at))
        }
        if (step.to_stage === 'recycled' || step.to_stage === 'disqualified')
          expect(step.reason_code).toBeTruthy()
      })
      expect(contact.lifecycle_stage).toBe(story.at(-1)?.to_stage)
    }
    for (const account of small.accounts) {
      const story = byEntity.get(`account:${account.id}`) ?? []
      for (const step of story) expect(accountStages).toContain(step.to_stage)
      expect(account.stage ?? null).toBe(story.at(-1)?.to_stage ?? null)
      if (account.is_target) expect(story[0]?.to_stage).toBe('target')
    }
  })

  it('closes deals consistently: won deals are closed, lost ones say why, people follow their deal', () => {
    const closed = small.opportunities.filter((o) => o.is_closed)
    const won = closed.filter((o) => o.is_won)
    expect(won.length).toBeGreaterThan(0)
    expect(won.length / closed.length).toBeGreaterThan(0.15)
    expect(won.length / closed.length).toBeLessThan(0.5)
    for (const o of small.opportunities) {
      if (o.is_won) expect(o.is_closed).toBe(true)
      if (o.is_closed && !o.is_won) expect(o.loss_reason).toBeTruthy()
      expect(o.amount).toBeGreaterThan(0)
      expect(Number(Number(o.amount).toFixed(2))).toBe(Number(o.amount))
    }
    const stageOf = new Map(small.contacts.map((c) => [c.id, c.lifecycle_stage]))
    const dealOf = new Map(small.opportunities.map((o) => [o.id, o]))
    for (const role of small.opportunityContacts) {
      const deal = dealOf.get(role.opportunity_id)
      const expected = !deal?.is_closed ? 'opportunity' : deal.is_won ? 'won' : 'lost'
      expect(stageOf.get(role.contact_id)).toBe(expected)
    }
    const customers = new Set(small.accounts.filter((a) => a.stage === 'customer').map((a) => a.id))
    expect(customers).toEqual(new Set(won.map((o) => o.account_id)))
  })

  it('engages every function, and customer success only at customers', () => {
    expect(new Set(small.activities.map((a) => a.function))).toEqual(
      new Set(['marketing', 'sdr', 'sales', 'cs']),
    )
    const customers = new Set(small.accounts.filter((a) => a.stage === 'customer').map((a) => a.id))
    for (const a of small.activities.filter((x) => x.function === 'cs'))
      expect(customers.has(a.account_id as string)).toBe(true)
  })

  it('has explore requests, recycled and disqualified people, and surging accounts', () => {
    expect(small.contacts.some((c) => c.exploring_since != null)).toBe(true)
    const stages = new Set(small.contacts.map((c) => c.lifecycle_stage))
    for (const stage of ['recycled', 'disqualified', 'won', 'lost', 'sal'])
      expect(stages).toContain(stage)
    const lastThreeWeeks = small.activities.filter(
      (a) => time(a.occurred_at) > now.getTime() - 21 * 86_400_000,
    )
    expect(lastThreeWeeks.length).toBeGreaterThan(0)
  })

  it('builds the default size with the counts the size table promises', () => {
    const rows = generateDemoWorkspace({ workspaceId, size: 'default', seed: 42, now })
    expect(rows.accounts).toHaveLength(DEMO_SIZES.default.accounts)
    expect(rows.contacts).toHaveLength(DEMO_SIZES.default.contacts)
    expect(rows.activities.length).toBeGreaterThan(100_000)
  })
})
