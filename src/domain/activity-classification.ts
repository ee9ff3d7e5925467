import type { FunctionName } from '../store/database.ts'

// What a tracked event means to revenue teams: which kind of touch it is (activity type), where it
// happened (channel), which team's engagement it counts for (function), and which campaign
// brought it (UTM parameters or Segment's `context.campaign`).

/** Channel of each activity type: where the touch happened. */
export const ACTIVITY_CHANNELS = {
  web_visit: 'web',
  pricing_page_visit: 'web',
  content_download: 'web',
  form_submit: 'web',
  demo_request: 'web',
  webinar_registered: 'web',
  webinar_attended: 'event',
  event_attended: 'event',
  trial_start: 'product',
  email_open: 'email',
  email_click: 'email',
  unsubscribe: 'email',
  ad_click: 'paid',
  social_engagement: 'social',
  email_sent: 'email',
  email_reply: 'email',
  call: 'phone',
  linkedin_message: 'social',
  meeting: 'meeting',
  onboarding_session: 'meeting',
  qbr: 'meeting',
  support_ticket: 'email',
  product_usage: 'product',
} as const

export type ActivityType = keyof typeof ACTIVITY_CHANNELS

/** Touches made by a team rather than by marketing, and the team that usually makes them. */
const TEAM_TOUCHES: Partial<Record<ActivityType, FunctionName>> = {
  email_sent: 'sdr',
  email_reply: 'sdr',
  call: 'sdr',
  linkedin_message: 'sdr',
  meeting: 'sales',
  onboarding_session: 'cs',
  qbr: 'cs',
  support_ticket: 'cs',
}

// Track event names as tools send them (Segment's B2B SaaS and email specs, form and webinar
// tools), keyed by their words in lower case.
const TRACK_EVENTS: Record<string, ActivityType> = {
  'demo requested': 'demo_request',
  'demo request': 'demo_request',
  'request demo': 'demo_request',
  'trial started': 'trial_start',
  'trial start': 'trial_start',
  'form submitted': 'form_submit',
  'form submit': 'form_submit',
  'content downloaded': 'content_download',
  'whitepaper downloaded': 'content_download',
  'ebook downloaded': 'content_download',
  'webinar registered': 'webinar_registered',
  'webinar attended': 'webinar_attended',
  'event attended': 'event_attended',
  'email opened': 'email_open',
  'email link clicked': 'email_click',
  'email clicked': 'email_click',
  unsubscribed: 'unsubscribe',
  'ad clicked': 'ad_click',
  'email sent': 'email_sent',
  'email replied': 'email_reply',
  'call completed': 'call',
  'call logged': 'call',
  'linkedin message sent': 'linkedin_message',
  'meeting booked': 'meeting',
  'meeting held': 'meeting',
  'meeting completed': 'meeting',
  'onboarding session held': 'onboarding_session',
  'business review held': 'qbr',
  'ticket created': 'support_ticket',
  'support ticket created': 'support_ticket',
}

const FUNCTIONS: readonly FunctionName[] = ['marketing', 'sdr', 'sales', 'cs']

export interface ClassifiableEvent {
  readonly type: 'identify' | 'track' | 'page' | 'screen' | 'group' | 'alias'
  readonly event: string | null
  readonly properties: Record<string, unknown>
  readonly context: Record<string, unknown>
}

export interface CampaignRef {
  /** Stable key: the UTM campaign in lower-case slug form. */
  readonly key: string
  readonly name: string
  /** The marketing channel the campaign runs in, from its UTM medium and source. */
  readonly channel: string
  readonly source?: string
  readonly medium?: string
}

export interface ActivityClassification {
  /** A known activity type, or the event's name in snake case for events Tandem has no name for. */
  readonly type: string
  readonly channel: string
  readonly function: FunctionName
  readonly campaign: CampaignRef | null
}

/** The activity an event records, or null for calls that only describe people and accounts. */
export function classifyEvent(event: ClassifiableEvent): ActivityClassification | null {
  if (event.type === 'identify' || event.type === 'group' || event.type === 'alias') return null
  const campaign = campaignOf(event)
  const type = activityType(event)
  const known = type in ACTIVITY_CHANNELS ? (type as ActivityType) : undefined
  const team = known === undefined ? undefined : TEAM_TOUCHES[known]
  const declared = event.properties.function
  const fn =
    typeof declared === 'string' && (FUNCTIONS as readonly string[]).includes(declared)
      ? (declared as FunctionName)
      : (team ?? 'marketing')
  let channel: string = known === undefined ? fallbackChannel(event) : ACTIVITY_CHANNELS[known]
  // A visit that a paid ad, an email or a social post brought is a touch in that channel.
  if (channel === 'web' && campaign?.medium !== undefined) channel = mediumChannel(campaign.medium)
  return { type, channel, function: fn, campaign }
}

function activityType(event: ClassifiableEvent): string {
  if (event.type === 'screen') return 'product_usage'
  if (event.type === 'page') {
    const page = recordOf(event.context.page)
    const path = stringOf(event.properties.path) ?? stringOf(page.path) ?? pathOf(page.url) ?? ''
    return /(^|\/)pricing(\/|$)/i.test(path) ? 'pricing_page_visit' : 'web_visit'
  }
  const words = (event.event ?? '')
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((w) => w !== '')
  return TRACK_EVENTS[words.join(' ')] ?? (words.join('_') || 'custom_event')
}

function fallbackChannel(event: ClassifiableEvent): string {
  return Object.keys(recordOf(event.context.page)).length > 0 ? 'web' : 'product'
}

function mediumChannel(medium: string): string {
  const m = medium.toLowerCase()
  if (/cpc|ppc|paid|display|banner|retarget|cpm/.test(m)) return 'paid'
  if (/e-?mail|newsletter/.test(m)) return 'email'
  if (/social/.test(m)) return 'social'
  return 'web'
}

/** The campaign's marketing channel, in the demo workspace's vocabulary. */
function campaignChannel(medium: string | undefined, source: string | undefined): string {
  const m = (medium ?? '').toLowerCase()
  const s = (source ?? '').toLowerCase()
  const social = /social|linkedin|facebook|twitter|instagram/.test(`${m} ${s}`)
  if (/cpc|ppc|paid_search|sem/.test(m)) return 'paid_search'
  if (social && /paid|cpc|ads?$/.test(m)) return 'paid_social'
  if (/webinar/.test(`${m} ${s}`)) return 'webinar'
  if (/e-?mail|newsletter/.test(m)) return 'email'
  if (/syndication|content/.test(`${m} ${s}`)) return 'content'
  if (/abm|display/.test(`${m} ${s}`)) return 'abm'
  if (/partner|referral|affiliate/.test(`${m} ${s}`)) return 'partner'
  if (/event|conference|trade ?show/.test(m)) return 'event'
  if (social) return 'social'
  return m === '' ? 'other' : m.replaceAll(/[^a-z0-9]+/g, '_')
}

function campaignOf(event: ClassifiableEvent): CampaignRef | null {
  const context = recordOf(event.context.campaign)
  const page = recordOf(event.context.page)
  const query = new URLSearchParams(
    stringOf(page.search) ??
      searchOf(stringOf(page.url)) ??
      searchOf(stringOf(event.properties.url)) ??
      '',
  )
  const name =
    stringOf(context.name) ??
    stringOf(event.properties.utm_campaign) ??
    stringOf(query.get('utm_campaign'))
  if (name === undefined) return null
  const source =
    stringOf(context.source) ??
    stringOf(event.properties.utm_source) ??
    stringOf(query.get('utm_source'))
  const medium =
    stringOf(context.medium) ??
    stringOf(event.properties.utm_medium) ??
    stringOf(query.get('utm_medium'))
  const key = slug(name)
  if (key === '') return null
  return {
    key,
    name,
    channel: campaignChannel(medium, source),
    ...(source === undefined ? {} : { source }),
    ...(medium === undefined ? {} : { medium }),
  }
}

/** The key of a campaign named `name`: lower-case words joined by dashes. */
export function campaignKey(name: string): string {
  return slug(name)
}

/** Where a touch of a known type happens and which team's engagement it counts for. */
export function touchOf(type: string): { channel: string; function: FunctionName } | undefined {
  if (!(type in ACTIVITY_CHANNELS)) return undefined
  const known = type as ActivityType
  return { channel: ACTIVITY_CHANNELS[known], function: TEAM_TOUCHES[known] ?? 'marketing' }
}

function slug(text: string): string {
  return text
    .toLowerCase()
    .replaceAll(/[^a-z0-9]+/g, '-')
    .replaceAll(/^-+|-+$/g, '')
}

function searchOf(url: string | undefined): string | undefined {
  if (url === undefined) return undefined
  const q = url.indexOf('?')
  return q < 0 ? undefined : url.slice(q).split('#')[0]
}

function pathOf(url: unknown): string | undefined {
  if (typeof url !== 'string') return undefined
  try {
    return new URL(url).pathname
  } catch {
    return undefined
  }
}

function stringOf(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined
  const trimmed = value.trim()
  return trimmed === '' ? undefined : trimmed
}

function recordOf(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {}
}
