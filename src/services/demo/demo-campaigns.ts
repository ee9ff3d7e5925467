import type { Insertable } from 'kysely'
import type { CampaignsTable } from '../../store/database.ts'
import {
  CONTENT_ASSETS,
  EVENTS,
  EXECUTIVE_DINNER_CITIES,
  WEBINAR_TOPICS,
} from './demo-vocabulary.ts'
import type { Random } from './random.ts'

// A year of the demo vendor's marketing calendar: always-on paid and email programmes, a monthly
// webinar, syndicated content, trade shows, executive dinners and quarterly account-based plays.

export type CampaignKind =
  | 'paid_search'
  | 'paid_social'
  | 'webinar'
  | 'content_syndication'
  | 'event'
  | 'email'
  | 'partner'
  | 'abm'

export type DemoCampaign = Insertable<CampaignsTable> & {
  readonly id: string
  readonly type: CampaignKind
  readonly starts_at: Date
  readonly ends_at: Date | null
}

const DAY_MS = 86_400_000

const slug = (text: string) =>
  text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')

export interface CampaignCatalog {
  readonly campaigns: DemoCampaign[]
  /** A campaign of one of `kinds` running at `at`, or null when none was. */
  runningAt(random: Random, kinds: readonly CampaignKind[], at: Date): DemoCampaign | null
}

export function generateCampaigns(
  random: Random,
  workspaceId: string,
  start: Date,
  now: Date,
): CampaignCatalog {
  const campaigns: DemoCampaign[] = []
  const add = (
    name: string,
    type: CampaignKind,
    channel: string,
    startsAt: Date,
    endsAt: Date | null,
    cost: number,
    utm: [string, string] | null = null,
  ) => {
    const status =
      endsAt !== null && endsAt < now ? 'completed' : startsAt > now ? 'planned' : 'active'
    campaigns.push({
      workspace_id: workspaceId,
      id: random.uuid(),
      key: `${startsAt.toISOString().slice(0, 7)}-${slug(name)}`,
      name,
      channel,
      type,
      utm_source: utm?.[0] ?? null,
      utm_medium: utm?.[1] ?? null,
      status,
      starts_at: startsAt,
      ends_at: endsAt,
      cost: Math.round(cost * 100) / 100,
    })
  }
  const at = (days: number) => new Date(start.getTime() + days * DAY_MS)

  add('Paid search: always on', 'paid_search', 'paid_search', start, null, 180_000, [
    'google',
    'cpc',
  ])
  add('Paid social: LinkedIn', 'paid_social', 'paid_social', start, null, 95_000, [
    'linkedin',
    'paid_social',
  ])
  add('Newsletter', 'email', 'email', start, null, 6_000, ['newsletter', 'email'])
  add('Nurture: new leads', 'email', 'email', start, null, 4_000, ['nurture', 'email'])
  add('Nurture: recycled leads', 'email', 'email', start, null, 3_000, ['nurture', 'email'])
  add('Partner referrals', 'partner', 'partner', start, null, 20_000, ['partner', 'referral'])

  for (let month = 0; month < 12; month++) {
    const day = month * 30.4 + random.int(8, 22)
    add(
      `Webinar: ${WEBINAR_TOPICS[month % WEBINAR_TOPICS.length]}`,
      'webinar',
      'webinar',
      at(day - 21),
      at(day + 14),
      random.int(3_000, 9_000),
      ['webinar', 'email'],
    )
  }
  for (let quarter = 0; quarter < 4; quarter++) {
    const asset = CONTENT_ASSETS[quarter % CONTENT_ASSETS.length] ?? 'Report'
    add(
      `Syndication: ${asset}`,
      'content_syndication',
      'content',
      at(quarter * 91 + 5),
      at(quarter * 91 + 80),
      random.int(12_000, 25_000),
      ['syndication', 'content'],
    )
    add(
      `ABM play: top accounts Q${quarter + 1}`,
      'abm',
      'abm',
      at(quarter * 91),
      at(quarter * 91 + 90),
      random.int(15_000, 30_000),
      ['abm', 'display'],
    )
  }
  EVENTS.forEach(([name, city], i) => {
    const day = 20 + i * 48 + random.int(0, 20)
    add(
      `${name} (${city})`,
      'event',
      'event',
      at(day - 30),
      at(day + 3),
      random.int(25_000, 80_000),
    )
  })
  EXECUTIVE_DINNER_CITIES.forEach(([city], i) => {
    const day = 60 + i * 80 + random.int(0, 20)
    add(
      `Executive dinner: ${city}`,
      'abm',
      'abm',
      at(day - 20),
      at(day + 1),
      random.int(8_000, 15_000),
    )
  })

  const byKind = new Map<CampaignKind, DemoCampaign[]>()
  for (const campaign of campaigns) {
    byKind.set(campaign.type, [...(byKind.get(campaign.type) ?? []), campaign])
  }
  return {
    campaigns,
    runningAt(r, kinds, when) {
      const running = kinds.flatMap((kind) =>
        (byKind.get(kind) ?? []).filter(
          (c) => c.starts_at <= when && (c.ends_at === null || c.ends_at >= when),
        ),
      )
      return running.length === 0 ? null : r.pick(running)
    },
  }
}
