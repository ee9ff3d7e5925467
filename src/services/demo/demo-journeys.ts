import type { Insertable } from 'kysely'
import { ACTIVITY_CHANNELS, type ActivityType } from '../../domain/activity-classification.ts'
import type {
  ActivitiesTable,
  ContactRole,
  ContactsTable,
  FunctionName,
  LeadStage,
  OpportunitiesTable,
  OpportunityContactsTable,
  StageTransitionsTable,
} from '../../store/database.ts'
import type { DemoAccount } from './demo-accounts.ts'
import type { CampaignCatalog, CampaignKind } from './demo-campaigns.ts'
import type { DemoOrg, DemoUser } from './demo-org.ts'
import {
  COUNTRIES,
  type Country,
  DISQUALIFY_REASONS,
  FIRST_NAMES,
  FREE_MAIL_DOMAINS,
  INBOUND_SOURCES,
  JOB_TITLES,
  LAST_NAMES,
  LOSS_REASONS,
  OPPORTUNITY_STAGES,
  PLANS,
  RECYCLE_REASONS,
  WEB_PATHS,
  WEEKDAY_SEASONALITY,
} from './demo-vocabulary.ts'
import { type Random, weightedPicker } from './random.ts'

// What happens to the people and accounts over the year: each person comes in through a source,
// engages with marketing, may become an MQL, is handed to an SDR who accepts, recycles or
// disqualifies them, and may reach an opportunity that is won or lost. Reps' touches, customer
// success after a win, and both funnels' stage history follow from that path.

const HOUR = 3_600_000
const DAY = 24 * HOUR

type ActivityRow = Insertable<ActivitiesTable>
type TransitionRow = Insertable<StageTransitionsTable>
type ContactRow = Insertable<ContactsTable> & { readonly id: string }
type OpportunityRow = Insertable<OpportunitiesTable> & { readonly id: string }

export interface JourneyRows {
  readonly contacts: ContactRow[]
  readonly activities: ActivityRow[]
  readonly opportunities: OpportunityRow[]
  readonly opportunityContacts: Insertable<OpportunityContactsTable>[]
  readonly stageTransitions: TransitionRow[]
}

interface JourneyContext {
  readonly random: Random
  readonly workspaceId: string
  readonly start: number
  readonly now: number
  readonly org: DemoOrg
  readonly accounts: readonly DemoAccount[]
  readonly campaigns: CampaignCatalog
}

const sourceCampaignKinds: Readonly<Record<string, readonly CampaignKind[]>> = {
  paid_search: ['paid_search'],
  paid_social: ['paid_social'],
  webinar: ['webinar'],
  event: ['event'],
  content_syndication: ['content_syndication'],
  partner: ['partner'],
  referral: ['partner'],
  outbound: ['abm'],
}

const sourceActivity: Readonly<Record<string, ActivityType>> = {
  organic: 'form_submit',
  paid_search: 'form_submit',
  paid_social: 'form_submit',
  webinar: 'webinar_registered',
  event: 'event_attended',
  content_syndication: 'content_download',
  partner: 'form_submit',
  referral: 'form_submit',
  outbound: 'email_sent',
}

const engagementMix = [
  ['web_visit', 36],
  ['email_open', 24],
  ['email_click', 8],
  ['content_download', 5],
  ['pricing_page_visit', 4],
  ['webinar_registered', 3],
  ['webinar_attended', 2],
  ['ad_click', 4],
  ['social_engagement', 3],
] as const satisfies readonly (readonly [ActivityType, number])[]

const activityCampaignKinds: Partial<Record<ActivityType, readonly CampaignKind[]>> = {
  email_open: ['email', 'webinar'],
  email_click: ['email', 'webinar'],
  webinar_registered: ['webinar'],
  webinar_attended: ['webinar'],
  ad_click: ['paid_search', 'paid_social', 'abm'],
  content_download: ['content_syndication'],
}

const roleBySeniority: Readonly<Record<string, readonly ContactRole[]>> = {
  c_level: ['economic_buyer', 'decision_maker'],
  vp: ['decision_maker', 'economic_buyer'],
  director: ['champion', 'decision_maker'],
  manager: ['champion', 'influencer'],
  individual: ['user', 'technical_buyer', 'influencer'],
}

const titlePicker = weightedPicker(JOB_TITLES.map((t) => [t, t[3]] as const))
const countryPicker = weightedPicker(COUNTRIES.map((c) => [c, c.weight] as const))

const asciiName = (name: string) =>
  name
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z]/g, '')

/** A moment on `at`'s day during the person's working hours, mostly on weekdays. */
function workingMoment(random: Random, at: number, utcOffset: number): number {
  const dayStart = Math.floor(at / DAY) * DAY
  let day = dayStart
  const weekday = new Date(day).getUTCDay()
  if (random.next() > (WEEKDAY_SEASONALITY[weekday] ?? 1) / 1.1) {
    day += (weekday === 6 ? 2 : weekday === 0 ? 1 : 0) * DAY
  }
  const localHour = random.float(8, 18.5)
  return day + (localHour - utcOffset) * HOUR
}

export function generateJourneys(ctx: JourneyContext, contactCount: number): JourneyRows {
  const { random, workspaceId, start, now, org, accounts, campaigns } = ctx
  const contacts: ContactRow[] = []
  const activities: ActivityRow[] = []
  const transitions: TransitionRow[] = []
  const opportunities: OpportunityRow[] = []
  const opportunityContacts: Insertable<OpportunityContactsTable>[] = []
  const firstTouch = new Map<string, number>()
  const firstAccepted = new Map<string, { at: number; by: string }>()
  const volumeAe = new Map<string, DemoUser>()
  const emails = new Set<string>()
  const accountById = new Map(accounts.map((a) => [a.row.id, a]))

  const accountPicker = weightedPicker(
    accounts.map(
      (a) =>
        [
          a,
          Math.sqrt(a.row.employees ?? 10) *
            (0.1 + a.propensity) ** 2 *
            (a.row.is_target ? 1.5 : 1),
        ] as const,
    ),
  )
  let roundRobin = 0
  const nextOf = (users: readonly DemoUser[]): DemoUser => {
    roundRobin++
    return users[roundRobin % users.length] as DemoUser
  }
  const aeFor = (account: DemoAccount | undefined): DemoUser => {
    const owner = org.aes.account_based.find((u) => u.id === account?.row.owner_id)
    if (owner !== undefined) return owner
    const key = account?.row.id ?? `free-${roundRobin}`
    const chosen = volumeAe.get(key) ?? nextOf(org.aes.volume)
    volumeAe.set(key, chosen)
    return chosen
  }

  const touch = (
    type: ActivityType,
    at: number,
    fields: {
      contactId: string | null
      accountId: string | null
      fn?: FunctionName
      actor?: DemoUser | null
      campaignId?: string | null
      properties?: Record<string, unknown>
    },
  ): void => {
    if (at > now || at < start) return
    activities.push({
      workspace_id: workspaceId,
      id: random.uuid(),
      contact_id: fields.contactId,
      account_id: fields.accountId,
      event_id: null,
      type,
      channel: ACTIVITY_CHANNELS[type],
      function: fields.fn ?? 'marketing',
      campaign_id: fields.campaignId ?? null,
      actor_user_id: fields.actor?.id ?? null,
      occurred_at: new Date(at),
      properties: fields.properties ?? {},
    })
    if (fields.accountId !== null) {
      const previous = firstTouch.get(fields.accountId)
      if (previous === undefined || at < previous) firstTouch.set(fields.accountId, at)
    }
  }

  interface Path {
    readonly contact: ContactRow
    readonly account: DemoAccount | undefined
    readonly seniority: string
    readonly steps: TransitionRow[]
    /** When the person reached the opportunity stage, if they did. */
    opportunityAt: number | undefined
  }
  const paths: Path[] = []

  for (let i = 0; i < contactCount; i++) {
    const freeMail = random.chance(0.08)
    const account = freeMail ? undefined : accountPicker(random)
    const country: Country = account?.country ?? countryPicker(random)
    const first = random.pick(FIRST_NAMES[country.names])
    const last = random.pick(LAST_NAMES[country.names])
    const domain = account?.row.domain ?? random.weighted(FREE_MAIL_DOMAINS)
    const local = `${asciiName(first)}.${asciiName(last)}`
    let email = `${local}@${domain}`
    for (let n = 2; emails.has(email); n++) email = `${local}${n}@${domain}`
    emails.add(email)
    const [title, seniority, department] = titlePicker(random)
    const createdAt = Math.min(now - DAY, start + random.next() ** 0.85 * (now - start))
    const source =
      account?.row.is_target === true && random.chance(0.3)
        ? 'outbound'
        : random.weighted(INBOUND_SOURCES)
    const kinds = sourceCampaignKinds[source]
    const sourceCampaign =
      kinds === undefined ? null : campaigns.runningAt(random, kinds, new Date(createdAt))
    const contactId = random.uuid()
    const accountId = account?.row.id ?? null
    const contact: ContactRow = {
      workspace_id: workspaceId,
      id: contactId,
      email,
      first_name: first,
      last_name: last,
      title,
      seniority,
      department,
      country: country.name,
      city: random.pick<string>(country.cities),
      company_name: account === undefined ? null : account.row.name,
      account_id: accountId,
      account_match_method: account === undefined ? null : 'import',
      account_match_confidence: account === undefined ? null : 1,
      account_match_status: account === undefined ? 'unmatched' : 'linked',
      source,
      source_campaign_id: sourceCampaign?.id ?? null,
      created_at: new Date(createdAt),
      updated_at: new Date(createdAt),
    }
    contacts.push(contact)

    const who = { contactId, accountId }
    const offset = country.utcOffset
    const seniorityWeight = { c_level: 1, vp: 0.9, director: 0.8, manager: 0.6, individual: 0.35 }[
      seniority
    ]
    const fit = account === undefined ? 0.15 : account.fit * 0.7 + seniorityWeight * 0.3
    const engage = account?.propensity ?? 0.3

    // The way in.
    const entry = sourceActivity[source] ?? 'form_submit'
    if (source === 'outbound') {
      const sdr =
        org.sdrs.account_based.find((u) => u.id === account?.row.sdr_id) ??
        nextOf(org.sdrs.account_based)
      touch('email_sent', createdAt, { ...who, fn: 'sdr', actor: sdr })
    } else {
      if (source === 'paid_search' || source === 'paid_social') {
        touch('ad_click', createdAt - random.float(0.05, 2) * HOUR, {
          ...who,
          campaignId: sourceCampaign?.id,
        })
      }
      touch(entry, createdAt, {
        ...who,
        campaignId: sourceCampaign?.id,
        properties: { path: '/signup' },
      })
    }

    // Marketing engagement over the person's life, until they unsubscribe.
    const unsubscribeAt = random.chance(0.03) ? createdAt + random.next() * (now - createdAt) : now
    const months = (now - createdAt) / (30 * DAY)
    const touches = random.poisson((0.25 + 1.4 * engage) * months)
    for (let k = 0; k < touches; k++) {
      const type = random.weighted(engagementMix)
      const at = workingMoment(random, createdAt + random.next() * (now - createdAt), offset)
      if (ACTIVITY_CHANNELS[type] === 'email' && at > unsubscribeAt) continue
      const campaignKinds = activityCampaignKinds[type]
      const paidVisit = type === 'web_visit' && random.chance(0.25)
      const campaign =
        campaignKinds !== undefined || paidVisit
          ? campaigns.runningAt(
              random,
              campaignKinds ?? ['paid_search', 'paid_social'],
              new Date(at),
            )
          : null
      const properties = type === 'web_visit' ? { path: random.weighted(WEB_PATHS) } : {}
      touch(type, at, { ...who, campaignId: campaign?.id, properties })
    }
    if (unsubscribeAt < now) touch('unsubscribe', unsubscribeAt, who)
    if (account?.surging === true) {
      const surge = random.poisson(2 + 8 * engage)
      for (let k = 0; k < surge; k++) {
        const at = workingMoment(random, now - random.next() * 21 * DAY, offset)
        touch(random.chance(0.3) ? 'pricing_page_visit' : 'web_visit', Math.max(at, createdAt), {
          ...who,
          properties: { path: random.chance(0.5) ? '/pricing' : random.weighted(WEB_PATHS) },
        })
      }
    }

    // The lead funnel.
    const steps: TransitionRow[] = []
    const path: Path = { contact, account, seniority, steps, opportunityAt: undefined }
    paths.push(path)
    let stage: LeadStage | null = null
    let at = createdAt
    let owner: DemoUser | undefined
    const move = (
      to: LeadStage,
      when: number,
      actor: { type: TransitionRow['actor_type']; id: string | null },
      reason?: readonly [string, string],
    ): boolean => {
      if (when > now) return false
      steps.push({
        workspace_id: workspaceId,
        id: random.uuid(),
        funnel: 'lead',
        entity_id: contactId,
        from_stage: stage,
        to_stage: to,
        at: new Date(when),
        actor_type: actor.type,
        actor_id: actor.id,
        reason_code: reason?.[0] ?? null,
        reason: reason?.[1] ?? null,
      })
      stage = to
      at = when
      return true
    }
    const system = { type: 'system' as const, id: null }
    const rule = { type: 'rule' as const, id: 'qualification:demo' }
    const by = (user: DemoUser) => ({ type: 'user' as const, id: user.id })

    move('inquiry', createdAt, system)
    if (random.chance(0.04)) {
      move('disqualified', at + random.float(1, 48) * HOUR, system, [
        'bad_data',
        'Invalid email or fake name',
      ])
      continue
    }
    if (!random.chance(0.88) || !move('lead', at + random.float(0.2, 36) * HOUR, system)) continue

    // MQL, and again after a recycle.
    for (let round = 0; round < 2; round++) {
      const pMql = Math.min(0.6, 0.03 + 0.6 * fit * engage) * (round === 0 ? 1 : 0.3)
      if (!random.chance(pMql)) break
      const mqlAt = at + random.lognormal(round === 0 ? 16 : 50, 0.8) * DAY
      if (mqlAt > now) break
      touch('pricing_page_visit', mqlAt - random.float(2, 60) * HOUR, {
        ...who,
        properties: { path: '/pricing' },
      })
      const explore = random.weighted([
        ['demo_request', 30],
        ['trial_start', 10],
        ['content_download', 60],
      ] as const)
      touch(explore, mqlAt, {
        ...who,
        properties: explore === 'content_download' ? {} : { explore: true },
      })
      if (explore !== 'content_download') contact.exploring_since = new Date(mqlAt)
      move('mql', mqlAt, rule)

      owner =
        org.sdrs.account_based.find((u) => u.id === account?.row.sdr_id) ??
        (account?.row.is_target === true ? nextOf(org.sdrs.account_based) : nextOf(org.sdrs.volume))
      // Most are decided within hours; the latest may still wait in the queue.
      const decidedAt = at + random.lognormal(6, 1.3) * HOUR
      if (random.chance(round === 0 ? 0.72 : 0.8)) {
        if (!move('sal', decidedAt, by(owner))) break
        const accepted = firstAccepted.get(accountId ?? '')
        if (accountId !== null && (accepted === undefined || decidedAt < accepted.at)) {
          firstAccepted.set(accountId, { at: decidedAt, by: owner.id })
        }
        const sdrTouches = random.int(2, 7)
        for (let k = 0; k < sdrTouches; k++) {
          const type = random.weighted([
            ['email_sent', 5],
            ['call', 4],
            ['linkedin_message', 2],
            ['email_reply', 1],
          ] as const)
          touch(type, workingMoment(random, at + random.float(0, 14) * DAY, offset), {
            ...who,
            fn: 'sdr',
            actor: owner,
          })
        }
      } else {
        const [code, text] = random.chance(0.6)
          ? random.weighted(RECYCLE_REASONS.map(([c, t, w]) => [[c, t] as const, w] as const))
          : random.weighted(DISQUALIFY_REASONS.map(([c, t, w]) => [[c, t] as const, w] as const))
        const recycled = RECYCLE_REASONS.some(([c, t]) => c === code && t === text)
        move(recycled ? 'recycled' : 'disqualified', decidedAt, by(owner), [code, text])
        if (recycled) continue
        break
      }

      // SQL, then opportunity; or back to nurture.
      if (random.chance(0.3 + 0.4 * fit)) {
        const ae = aeFor(account)
        if (!move('sql', at + random.lognormal(8, 0.6) * DAY, by(owner))) break
        owner = ae
        if (account !== undefined && random.chance(0.6)) {
          const oppAt = at + random.lognormal(6, 0.6) * DAY
          if (move('opportunity', oppAt, by(ae))) path.opportunityAt = oppAt
        } else if (random.chance(0.5)) {
          move('recycled', at + random.lognormal(20, 0.5) * DAY, by(ae), [
            'wrong_timing',
            'Interested, but not before next quarter',
          ])
        }
      } else if (random.chance(0.5)) {
        move('recycled', at + random.lognormal(15, 0.5) * DAY, by(owner), [
          'other',
          'No response after six touches',
        ])
        continue
      }
      break
    }
    if (owner !== undefined) contact.owner_id = owner.id
  }

  // Opportunities: the first person to reach the stage at an account opens one, others join it.
  const byAccount = new Map<string, Path[]>()
  for (const path of paths) {
    const accountId = path.account?.row.id
    if (path.opportunityAt === undefined || accountId === undefined) continue
    byAccount.set(accountId, [...(byAccount.get(accountId) ?? []), path])
  }
  const firstOpportunity = new Map<string, number>()
  const firstWin = new Map<string, number>()
  for (const group of byAccount.values()) {
    group.sort((a, b) => (a.opportunityAt ?? 0) - (b.opportunityAt ?? 0))
    let open:
      | { row: OpportunityRow; closesAt: number; won: boolean; loss: (typeof LOSS_REASONS)[number] }
      | undefined
    for (const path of group) {
      const openedAt = path.opportunityAt ?? now
      const account = path.account
      if (account === undefined) continue
      if (open === undefined || open.closesAt < openedAt) {
        const ae = aeFor(account)
        const [plan, perEmployee] = random.pick(PLANS)
        const employees = account.row.employees ?? 50
        const amount =
          Math.round(random.lognormal(9_000 + perEmployee * 4 + employees * 6, 0.45) * 100) / 100
        const closesAt = openedAt + random.lognormal(45, 0.55) * DAY
        const won = random.chance(0.1 + 0.3 * account.fit)
        const loss = random.weighted(LOSS_REASONS.map((r) => [r, r[3]] as const))
        const closed = closesAt <= now
        const row: OpportunityRow = {
          workspace_id: workspaceId,
          id: random.uuid(),
          account_id: account.row.id,
          name: `${account.row.name}: ${plan}`,
          owner_id: ae.id,
          amount,
          stage: closed ? (won ? 'closed_won' : 'closed_lost') : 'discovery',
          is_closed: closed,
          is_won: closed && won,
          loss_reason: closed && !won ? loss[1] : null,
          source_campaign_id: path.contact.source_campaign_id ?? null,
          lead_source: path.contact.source ?? null,
          created_at: new Date(openedAt),
          closed_at: closed ? new Date(closesAt) : null,
          updated_at: new Date(Math.min(closesAt, now)),
        }
        opportunities.push(row)
        open = { row, closesAt, won, loss }
        account.row.owner_id ??= ae.id
        const seen = firstOpportunity.get(account.row.id)
        if (seen === undefined || openedAt < seen) firstOpportunity.set(account.row.id, openedAt)
        // The opportunity's own stage history, through the stages it had time to reach.
        const end = Math.min(closesAt, now)
        const reached = closed
          ? OPPORTUNITY_STAGES.length
          : Math.min(
              OPPORTUNITY_STAGES.length,
              1 +
                Math.floor(((now - openedAt) / (closesAt - openedAt)) * OPPORTUNITY_STAGES.length),
            )
        let previous: string | null = null
        OPPORTUNITY_STAGES.slice(0, reached).forEach((name, k) => {
          transitions.push(
            oppStep(
              random,
              workspaceId,
              row.id,
              previous,
              name,
              openedAt + ((end - openedAt) * k) / OPPORTUNITY_STAGES.length,
              ae,
            ),
          )
          previous = name
        })
        if (!closed) row.stage = previous ?? 'discovery'
        else
          transitions.push(oppStep(random, workspaceId, row.id, previous, row.stage, closesAt, ae))
        if (closed && won) {
          const seenWin = firstWin.get(account.row.id)
          if (seenWin === undefined || closesAt < seenWin) firstWin.set(account.row.id, closesAt)
        }
        // Sales works the deal: meetings and calls until it closes.
        const dealTouches = random.poisson((end - openedAt) / DAY / 6) + 1
        for (let k = 0; k < dealTouches; k++) {
          const type = random.weighted([
            ['meeting', 4],
            ['call', 3],
            ['email_sent', 3],
          ] as const)
          touch(
            type,
            workingMoment(
              random,
              openedAt + random.next() * (end - openedAt),
              account.country.utcOffset,
            ),
            {
              contactId: path.contact.id,
              accountId: account.row.id,
              fn: 'sales',
              actor: ae,
            },
          )
        }
      }
      const roles = roleBySeniority[path.seniority] ?? ['other']
      opportunityContacts.push({
        workspace_id: workspaceId,
        opportunity_id: open.row.id,
        contact_id: path.contact.id,
        role: random.pick(roles),
        is_primary: open.row.id !== opportunityContacts.at(-1)?.opportunity_id,
      })
      if (open.closesAt <= now) {
        const last = path.steps.at(-1)
        const actorId = open.row.owner_id ?? null
        path.steps.push({
          workspace_id: workspaceId,
          id: random.uuid(),
          funnel: 'lead',
          entity_id: path.contact.id,
          from_stage: last?.to_stage ?? null,
          to_stage: open.won ? 'won' : 'lost',
          at: new Date(
            Math.max(open.closesAt, (last?.at as Date | undefined)?.getTime() ?? open.closesAt),
          ),
          actor_type: 'user',
          actor_id: actorId,
          reason_code: open.won ? null : open.loss[0],
          reason: open.won ? null : open.loss[1],
        })
      }
    }
  }

  // Customer success after a win: onboarding, business reviews, tickets, product use.
  for (const [accountId, wonAt] of firstWin) {
    const account = accountById.get(accountId)
    if (account === undefined) continue
    const csm = nextOf(org.csms)
    const champion = paths.find(
      (p) => p.account?.row.id === accountId && p.opportunityAt !== undefined,
    )
    const who = {
      contactId: champion?.contact.id ?? null,
      accountId,
      fn: 'cs' as const,
      actor: csm,
    }
    const offset = account.country.utcOffset
    for (let k = 0; k < random.int(2, 4); k++)
      touch(
        'onboarding_session',
        workingMoment(random, wonAt + (k + 1) * random.float(4, 10) * DAY, offset),
        who,
      )
    for (let q = wonAt + 90 * DAY; q < now; q += 90 * DAY)
      touch('qbr', workingMoment(random, q, offset), who)
    const weeks = Math.floor((now - wonAt) / (7 * DAY))
    for (let w = 1; w <= weeks; w++) {
      touch('product_usage', workingMoment(random, wonAt + w * 7 * DAY, offset), {
        ...who,
        actor: null,
        properties: { activeUsers: random.int(3, 40) },
      })
      if (random.chance(0.15))
        touch('support_ticket', workingMoment(random, wonAt + w * 7 * DAY, offset), who)
    }
  }

  // Account-based plays reach target accounts as a whole, before anyone there is known.
  for (const account of accounts) {
    if (account.row.is_target !== true) continue
    const impressions = random.poisson(3 * account.propensity)
    for (let k = 0; k < impressions; k++) {
      const at = start + random.next() * (now - start)
      const campaign = campaigns.runningAt(random, ['abm'], new Date(at))
      touch('ad_click', at, {
        contactId: null,
        accountId: account.row.id,
        campaignId: campaign?.id,
      })
    }
  }

  for (const path of paths) {
    transitions.push(...path.steps)
    const last = path.steps.at(-1)
    if (last !== undefined) {
      path.contact.lifecycle_stage = last.to_stage as LeadStage
      path.contact.lifecycle_stage_changed_at = last.at
    }
  }

  // The account funnel, from the first time each thing happened at the account.
  for (const account of accounts) {
    const row = account.row
    const steps: [string, number, { type: TransitionRow['actor_type']; id: string | null }][] = []
    if (row.is_target === true) steps.push(['target', start, { type: 'import', id: null }])
    const touched = firstTouch.get(row.id)
    if (touched !== undefined)
      steps.push(['engaged', touched, { type: 'rule', id: 'engagement:demo' }])
    const accepted = firstAccepted.get(row.id)
    if (accepted !== undefined)
      steps.push(['qualified', accepted.at, { type: 'user', id: accepted.by }])
    const opened = firstOpportunity.get(row.id)
    if (opened !== undefined) steps.push(['opportunity', opened, { type: 'system', id: null }])
    const won = firstWin.get(row.id)
    if (won !== undefined) steps.push(['customer', won, { type: 'system', id: null }])
    let from: string | null = null
    let previousAt = start
    for (const [to, when, actor] of steps) {
      previousAt = Math.max(previousAt, when)
      transitions.push({
        workspace_id: workspaceId,
        id: random.uuid(),
        funnel: 'account',
        entity_id: row.id,
        from_stage: from,
        to_stage: to,
        at: new Date(previousAt),
        actor_type: actor.type,
        actor_id: actor.id,
        reason_code: null,
        reason: null,
      })
      from = to
    }
    if (from !== null) {
      row.stage = from as typeof row.stage
      row.stage_changed_at = new Date(previousAt)
    }
  }

  return { contacts, activities, opportunities, opportunityContacts, stageTransitions: transitions }
}

function oppStep(
  random: Random,
  workspaceId: string,
  opportunityId: string,
  from: string | null,
  to: string,
  at: number,
  ae: DemoUser,
): TransitionRow {
  return {
    workspace_id: workspaceId,
    id: random.uuid(),
    funnel: 'opportunity',
    entity_id: opportunityId,
    from_stage: from,
    to_stage: to,
    at: new Date(at),
    actor_type: 'user',
    actor_id: ae.id,
    reason_code: null,
    reason: null,
  }
}
