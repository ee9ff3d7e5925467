import { randomUUID } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { normalizeCompanyName } from '../../src/domain/company-name.ts'
import { parseContractText } from '../../src/domain/contracts/parse-contract.ts'
import { issueApiKey } from '../../src/services/api-keys.ts'
import { adoptContract } from '../../src/services/contracts.ts'
import { addTeam, setTeamMember } from '../../src/services/teams.ts'
import { addUser } from '../../src/services/users.ts'
import { createWorkspace } from '../../src/services/workspaces.ts'
import type { Role } from '../../src/store/database.ts'
import { type RunningApp, startTestApp } from '../support/test-app.ts'
import { openTestStore, type TestStore } from '../support/test-database.ts'

// Handoff through the real HTTP API, under the example contracts: a contact handed to the SDR
// whose round-robin turn it is, the simulator that takes no turn, the owner's answer, the funnel
// history, a sales touch stopping the first-touch clock and holding marketing, and the teams.

const DAY = 86_400_000
// A Monday at noon UTC: inside the SDRs' default working hours (Monday to Friday, 9 to 5).
const start = new Date('2026-11-02T12:00:00Z')
let t: TestStore
let server: RunningApp
let workspaceId: string
const users: Record<string, string> = {}
const keys: Record<string, string> = {}
let contactId: string
let bigAccountContactId: string
let accountId: string

const contractText = (name: string) =>
  readFileSync(new URL(`../../examples/contracts/${name}.yaml`, import.meta.url), 'utf8')

beforeAll(async () => {
  t = await openTestStore()
  server = await startTestApp(t, start)
  workspaceId = (await createWorkspace(t.db, { slug: 'handoff', name: 'Handoff' })).id
  const people: [string, string, Role][] = [
    ['marketing', 'Mia Marketing', 'marketing'],
    ['manager', 'Sam Manager', 'sales'],
    ['ada', 'Ada Sdr', 'sdr'],
    ['ben', 'Ben Sdr', 'sdr'],
    ['admin', 'Alex Admin', 'admin'],
  ]
  for (const [key, name, role] of people) {
    const { id } = await addUser(t.db, { workspaceId, email: `${key}@tandem.test`, name, role })
    users[key] = id
    keys[key] = (
      await issueApiKey(t.db, {
        workspaceId,
        kind: 'api',
        name: key,
        scopes: ['read', 'write'],
        userId: id,
      })
    ).key
  }
  keys.system = (
    await issueApiKey(t.db, { workspaceId, kind: 'api', name: 'ops', scopes: ['read', 'write'] })
  ).key
  const team = await addTeam(t.db, {
    workspaceId,
    name: 'SDR Volume',
    function: 'sdr',
    motion: 'volume',
    managerId: users.manager as string,
  })
  for (const sdr of ['ada', 'ben'])
    await setTeamMember(t.db, { workspaceId, userId: users[sdr] as string, teamId: team.id })
  for (const name of ['qualification', 'icp', 'routing']) {
    const parsed = parseContractText(contractText(name))
    if (!parsed.ok) throw new Error(`examples/contracts/${name}.yaml: ${parsed.problems}`)
    await adoptContract(t.db, {
      workspaceId,
      document: parsed.contract,
      marketingUserId: users.marketing as string,
      salesUserId: users.manager as string,
      at: start,
    })
  }
  contactId = randomUUID()
  await t.db
    .insertInto('contacts')
    .values({
      workspace_id: workspaceId,
      id: contactId,
      email: 'jane.doe@initech.example',
      first_name: 'Jane',
      last_name: 'Doe',
    })
    .execute()
  // A company of 5,000 people: the example rules send its leads to SDR Enterprise.
  accountId = randomUUID()
  await t.db
    .insertInto('accounts')
    .values({
      workspace_id: workspaceId,
      id: accountId,
      name: 'Globex Corporation',
      normalized_name: normalizeCompanyName('Globex Corporation'),
      domain: 'globex.example',
      employees: 5000,
      country: 'United States',
    })
    .execute()
  bigAccountContactId = randomUUID()
  await t.db
    .insertInto('contacts')
    .values({
      workspace_id: workspaceId,
      id: bigAccountContactId,
      email: 'hank@globex.example',
      account_id: accountId,
    })
    .execute()
})
afterAll(async () => {
  await server?.close()
  await t?.close()
})

// biome-ignore lint/suspicious/noExplicitAny: answers are checked field by field below
type Answer = any

async function api(
  path: string,
  init: { method?: string; body?: unknown; key?: string | undefined } = {},
) {
  const response = await fetch(`${server.url}${path}`, {
    method: init.method ?? 'GET',
    headers: {
      authorization: `Bearer ${init.key ?? keys.marketing}`,
      ...(init.body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
  })
  return { status: response.status, body: (await response.json()) as Answer }
}

const simulate = (id: string, version?: number) =>
  api('/v1/routing/simulate', {
    method: 'POST',
    body: { contactId: id, ...(version === undefined ? {} : { version }) },
  })

describe('a manual handoff', () => {
  let assignmentId: string
  let owner: string
  let other: string

  it('the simulator says who would get the lead and why, without taking a turn', async () => {
    const first = await simulate(contactId)
    expect(first.status).toBe(200)
    expect(first.body).toMatchObject({
      routingVersion: 1,
      teamName: 'SDR Volume',
      motion: 'volume',
    })
    expect([users.ada, users.ben]).toContain(first.body.ownerId)
    expect(first.body.reasons.join('\n')).toMatch(/round robin/i)
    const second = await simulate(contactId, 1)
    expect(second.body.ownerId).toBe(first.body.ownerId)
    const turns = await t.db.selectFrom('routing_state').selectAll().execute()
    expect(turns).toEqual([])
    expect((await simulate(contactId, 9)).status).toBe(404)
    owner = first.body.ownerId
    other = owner === users.ada ? (users.ben as string) : (users.ada as string)
  })

  it('marketing qualifies the contact by hand', async () => {
    const moved = await api(`/v1/contacts/${contactId}/stage`, {
      method: 'POST',
      body: { to: 'mql', reasonCode: 'event', reason: 'Met at the booth, asked for pricing' },
    })
    expect(moved.status).toBe(200)
    expect(moved.body).toEqual({ from: 'inquiry', to: 'mql' })
  })

  it('hands the contact to the SDR whose turn it is; they find it under ownerId=me', async () => {
    const handed = await api(`/v1/contacts/${contactId}/handoff`, { method: 'POST' })
    expect(handed.status).toBe(201)
    expect(handed.body).toMatchObject({ ownerId: owner, motion: 'volume' })
    expect(handed.body.reasons.length).toBeGreaterThan(0)
    assignmentId = handed.body.assignmentId
    // The turn was taken: the next lead would go to the other SDR.
    expect((await simulate(contactId)).body.ownerId).toBe(other)

    const keyOf = (id: string) => (id === users.ada ? keys.ada : keys.ben)
    const mine = await api('/v1/assignments?ownerId=me', { key: keyOf(owner) })
    expect(mine.status).toBe(200)
    expect(mine.body.next).toBeNull()
    expect(mine.body.items).toHaveLength(1)
    expect(mine.body.items[0]).toMatchObject({
      id: assignmentId,
      contactId,
      contactName: 'Jane Doe',
      contactEmail: 'jane.doe@initech.example',
      kind: 'manual',
      ownerId: owner,
      status: 'pending',
      teamName: 'SDR Volume',
      routingVersion: 1,
      // Four working hours from Monday noon, in the owner's 9-to-5 UTC week.
      acceptDueAt: '2026-11-02T16:00:00.000Z',
    })
    const theirs = await api('/v1/assignments?ownerId=me', { key: keyOf(other) })
    expect(theirs.body.items).toEqual([])
    const nobody = await api('/v1/assignments?ownerId=me', { key: keys.system })
    expect(nobody.status).toBe(403)
    expect(nobody.body.error.message).toMatch(/tandem api-key create --user EMAIL/)

    const one = await api(`/v1/assignments/${assignmentId}`)
    expect(one.status).toBe(200)
    expect(one.body.routingReasons).toEqual(handed.body.reasons)
    expect(one.body.timers.map((x: Answer) => `${x.clock} ${x.kind}`).sort()).toEqual([
      'accept breach',
      'accept reminder',
      'first_touch breach',
      'first_touch reminder',
    ])
  })

  it('refuses a second open handoff of the same kind', async () => {
    const again = await api(`/v1/contacts/${contactId}/handoff`, {
      method: 'POST',
      body: { kind: 'manual' },
    })
    expect(again.status).toBe(409)
    expect(again.body.error.message).toMatch(/already has an open manual handoff/)
    expect(again.body.error.details.assignmentId).toBe(assignmentId)
  })

  it('the owner notification waits in the outbox', async () => {
    const keyOf = (id: string) => (id === users.ada ? keys.ada : keys.ben)
    const notes = await api('/v1/notifications?recipientId=me', { key: keyOf(owner) })
    expect(notes.status).toBe(200)
    expect(notes.body.items[0]).toMatchObject({
      recipientId: owner,
      kind: 'handoff',
      entityId: contactId,
    })
    expect(notes.body.items[0].subject).toMatch(/Jane Doe/)
  })

  it('may be accepted by its owner (or their manager, or an admin), not by another SDR', async () => {
    const keyOf = (id: string) => (id === users.ada ? keys.ada : keys.ben)
    const byOther = await api(`/v1/assignments/${assignmentId}/accept`, {
      method: 'POST',
      key: keyOf(other),
    })
    expect(byOther.status).toBe(403)
    const byKey = await api(`/v1/assignments/${assignmentId}/accept`, {
      method: 'POST',
      key: keys.system,
    })
    expect(byKey.status).toBe(403)
    expect(byKey.body.error.message).toMatch(/tandem api-key create --user EMAIL/)
    const byOwner = await api(`/v1/assignments/${assignmentId}/accept`, {
      method: 'POST',
      key: keyOf(owner),
    })
    expect(byOwner.body).toEqual({ status: 'accepted', stage: 'sal' })
    expect(byOwner.status).toBe(200)
  })

  it('shows the move in the stage history and refuses a move the funnel does not allow', async () => {
    const history = await api(`/v1/contacts/${contactId}/stages`)
    expect(history.status).toBe(200)
    expect(history.body.items).toEqual([
      {
        from: 'inquiry',
        to: 'mql',
        at: start.toISOString(),
        actorType: 'user',
        actorId: users.marketing,
        reasonCode: 'event',
        reason: 'Met at the booth, asked for pricing',
      },
      {
        from: 'mql',
        to: 'sal',
        at: start.toISOString(),
        actorType: 'user',
        actorId: owner,
        reasonCode: null,
        reason: null,
      },
    ])
    // Page by page, in the same order.
    const first = await api(`/v1/contacts/${contactId}/stages?limit=1`)
    expect(first.body).toEqual({ items: [history.body.items[0]], next: 1 })
    const second = await api(`/v1/contacts/${contactId}/stages?limit=1&offset=1`)
    expect(second.body).toEqual({ items: [history.body.items[1]], next: null })

    // Sales holds the lead now: marketing, which moved it up to MQL, no longer moves it.
    const byMarketing = await api(`/v1/contacts/${contactId}/stage`, {
      method: 'POST',
      body: { to: 'sql' },
    })
    expect(byMarketing.status).toBe(403)
    expect(byMarketing.body.error.message).toBe(
      'Moving a lead out of sal is done by sales (sales, sdr, ae) and admins; your role is marketing.',
    )
    const keyOf = (id: string) => (id === users.ada ? keys.ada : keys.ben)
    const jump = await api(`/v1/contacts/${contactId}/stage`, {
      method: 'POST',
      body: { to: 'won' },
      key: keyOf(owner),
    })
    expect(jump.status).toBe(409)
    expect(jump.body.error.message).toMatch(/sql, recycled, disqualified/)
    expect(jump.body.error.details.allowed).toEqual(['sql', 'recycled', 'disqualified'])
    const unknown = await api(`/v1/contacts/${contactId}/stage`, {
      method: 'POST',
      body: { to: 'banana' },
      key: keyOf(owner),
    })
    expect(unknown.status).toBe(400)
  })

  it('a sales touch stops the first-touch clock and holds marketing sends', async () => {
    const before = await api(`/v1/contacts/${contactId}/marketing-hold`)
    expect(before.body).toMatchObject({ held: false, until: null })
    server.clock.set(new Date(start.getTime() + 3_600_000))
    // A sales touch is sales' to record, not marketing's.
    const byMarketing = await api(`/v1/assignments/${assignmentId}/touch`, { method: 'POST' })
    expect(byMarketing.status).toBe(403)
    expect(byMarketing.body.error.message).toBe(
      'Recording a sales touch is done by sales (sales, sdr, ae) and admins; your role is marketing.',
    )
    const ownerKey = owner === users.ada ? keys.ada : keys.ben
    const touched = await api(`/v1/assignments/${assignmentId}/touch`, {
      method: 'POST',
      key: ownerKey,
    })
    expect(touched.status).toBe(200)
    expect(touched.body.firstTouchAt).toBe('2026-11-02T13:00:00.000Z')
    const touchTimers = touched.body.timers.filter((x: Answer) => x.clock === 'first_touch')
    expect(touchTimers).toHaveLength(2)
    for (const timer of touchTimers) expect(timer.cancelledAt).toBe('2026-11-02T13:00:00.000Z')

    const hold = await api(`/v1/contacts/${contactId}/marketing-hold`)
    expect(hold.status).toBe(200)
    // The example rules hold marketing for three days after a sales touch.
    const until = new Date(start.getTime() + 3_600_000 + 3 * DAY).toISOString()
    expect(hold.body).toMatchObject({ held: true, until })
    expect(hold.body.reason).toMatch(/A sales touch on 2026-11-02T13:00:00.000Z holds marketing/)
    const future = await api(`/v1/assignments/${assignmentId}/touch`, {
      method: 'POST',
      body: { at: '2026-12-01T00:00:00Z' },
      key: ownerKey,
    })
    expect(future.status).toBe(400)
  })

  it('a rejection needs a known reason code, and a text for "other"', async () => {
    const keyOf = (id: string) => (id === users.ada ? keys.ada : keys.ben)
    const reject = (body: unknown) =>
      api(`/v1/assignments/${assignmentId}/reject`, { method: 'POST', body, key: keyOf(owner) })
    const badCode = await reject({ reasonCode: 'meh' })
    expect(badCode.status).toBe(400)
    expect(badCode.body.error.message).toMatch(/reasonCode/)
    const bareOther = await reject({ reasonCode: 'other', reasonText: '  ' })
    expect(bareOther.status).toBe(400)
    expect(bareOther.body.error.message).toMatch(/"other" needs a text/)
    const rejected = await reject({ reasonCode: 'not_icp', reasonText: 'Student project' })
    expect(rejected.status).toBe(200)
    expect(rejected.body).toEqual({ status: 'rejected', stage: 'recycled' })
    const after = await api(`/v1/assignments/${assignmentId}`)
    expect(after.body).toMatchObject({ status: 'rejected', reasonCode: 'not_icp' })
    // Closed now, so the contact may be handed off again; the list pages newest first.
    const again = await api(`/v1/contacts/${contactId}/handoff`, {
      method: 'POST',
      body: { ownerId: users.ben },
    })
    expect(again.status).toBe(201)
    expect(again.body.reasons).toEqual(['Handed to Ben Sdr by hand'])
    const page1 = await api(`/v1/assignments?contactId=${contactId}&limit=1`)
    expect(page1.body.items.map((a: Answer) => a.id)).toEqual([again.body.assignmentId])
    expect(page1.body.next).toBe(again.body.assignmentId)
    const page2 = await api(
      `/v1/assignments?contactId=${contactId}&limit=1&after=${page1.body.next}`,
    )
    expect(page2.body.items.map((a: Answer) => a.id)).toEqual([assignmentId])
    expect(page2.body.next).toBeNull()
  })
})

describe('notifications', () => {
  it("pages newest first, for everyone or for the key's user", async () => {
    const page1 = await api('/v1/notifications?limit=1')
    expect(page1.status).toBe(200)
    expect(page1.body.items).toHaveLength(1)
    // The last handoff went to Ben by hand.
    expect(page1.body.items[0]).toMatchObject({ recipientId: users.ben, kind: 'handoff' })
    expect(page1.body.next).toBe(page1.body.items[0].id)
    const page2 = await api(`/v1/notifications?limit=1&after=${page1.body.next}`)
    expect(page2.body.items).toHaveLength(1)
    expect(page2.body.next).toBeNull()
    const stale = await api(`/v1/notifications?after=${randomUUID()}`)
    expect(stale.status).toBe(400)
    expect(stale.body.error.message).toMatch(/pass the "next" of the previous page/)
    const nobody = await api('/v1/notifications?recipientId=me', { key: keys.system })
    expect(nobody.status).toBe(403)
  })
})

describe('a manual handoff of a contact marketing has not qualified', () => {
  // Accepting does not invent an MQL: the lead stays where it is when the funnel has no move.
  it('may be accepted by its owner, and the lead keeps its stage', async () => {
    const id = randomUUID()
    await t.db
      .insertInto('contacts')
      .values({ workspace_id: workspaceId, id, email: 'walk.in@initech.example' })
      .execute()
    const handed = await api(`/v1/contacts/${id}/handoff`, {
      method: 'POST',
      body: { ownerId: users.ada },
    })
    expect(handed.status).toBe(201)
    const accepted = await api(`/v1/assignments/${handed.body.assignmentId}/accept`, {
      method: 'POST',
      key: keys.ada,
    })
    expect(accepted.body).toEqual({ status: 'accepted', stage: 'inquiry' })
  })
})

describe('accounts and teams', () => {
  it('moves an account along its funnel by hand, with its history', async () => {
    const moved = await api(`/v1/accounts/${accountId}/stage`, {
      method: 'POST',
      body: { to: 'target', reason: 'Named account for 2027' },
      key: keys.manager,
    })
    expect(moved.status).toBe(200)
    expect(moved.body).toEqual({ from: null, to: 'target' })
    const history = await api(`/v1/accounts/${accountId}/stages`)
    expect(history.body.items).toEqual([
      expect.objectContaining({ from: null, to: 'target', reason: 'Named account for 2027' }),
    ])
    const byKey = await api(`/v1/accounts/${accountId}/stage`, {
      method: 'POST',
      body: { to: 'engaged' },
      key: keys.system,
    })
    expect(byKey.status).toBe(403)
  })

  it('says who could not take a lead, and why, when the routed team does not exist', async () => {
    const handed = await api(`/v1/contacts/${bigAccountContactId}/handoff`, { method: 'POST' })
    expect(handed.status).toBe(409)
    expect(handed.body.error.details.reasons.join('\n')).toMatch(
      /There is no team named SDR Enterprise/,
    )
  })

  it('adds a team and its members, naming each invalid setting by path', async () => {
    const newTeam = (key: string | undefined) =>
      api('/v1/teams', {
        method: 'POST',
        key,
        body: {
          name: 'SDR Enterprise',
          function: 'sdr',
          motion: 'account_based',
          managerEmail: 'manager@tandem.test',
        },
      })
    // Sales leads shape the sales teams; marketing and the reps do not.
    for (const key of [keys.marketing, keys.ada])
      expect((await newTeam(key)).body.error.message).toMatch(
        /^Changing sales teams is done by sales leads \(sales\) and admins; your role is (marketing|sdr)\.$/,
      )
    const team = await newTeam(keys.manager)
    expect(team.status).toBe(201)
    expect(team.body).toMatchObject({
      name: 'SDR Enterprise',
      function: 'sdr',
      motion: 'account_based',
      managerId: users.manager,
      managerName: 'Sam Manager',
    })
    const twice = await api('/v1/teams', {
      method: 'POST',
      key: keys.manager,
      body: { name: 'SDR Enterprise', function: 'sdr' },
    })
    expect(twice.status).toBe(409)

    const member = (body: unknown) =>
      api(`/v1/teams/${team.body.id}/members/${users.admin}`, {
        method: 'PUT',
        body,
        key: keys.manager,
      })
    const badZone = await member({ timeZone: 'Mars/Olympus_Mons' })
    expect(badZone.status).toBe(400)
    expect(badZone.body.error.details.problems).toEqual([
      expect.stringMatching(/^\/timeZone: unknown time zone "Mars\/Olympus_Mons"/),
    ])
    const badHours = await member({ workingHours: { mon: [['17:00', '09:00']] }, weight: -1 })
    expect(badHours.status).toBe(400)
    const tidy = await member({ workingHours: { mon: [['17:00', '09:00']] } })
    expect(tidy.body.error.details.problems).toEqual([
      expect.stringMatching(/^\/workingHours\/mon\/0: starts at 17:00 but ends at 09:00/),
    ])
    const saved = await member({
      weight: 2,
      capacity: 20,
      timeZone: 'America/New_York',
      workingHours: { mon: [['08:00', '16:00']], tue: [['08:00', '16:00']] },
      outOfOffice: [{ from: '2026-12-21', to: '2026-12-24' }],
    })
    expect(saved.status).toBe(200)
    expect(saved.body).toMatchObject({
      userId: users.admin,
      teamName: 'SDR Enterprise',
      managerId: users.manager,
      weight: 2,
      capacity: 20,
      timeZone: 'America/New_York',
    })
    // The lead that nobody could take now has someone.
    const routed = await simulate(bigAccountContactId)
    expect(routed.body).toMatchObject({
      ownerId: users.admin,
      teamName: 'SDR Enterprise',
      motion: 'account_based',
    })
  })
})
