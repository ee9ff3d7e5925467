import { describe, expect, it } from 'vitest'
import { type ClassifiableEvent, classifyEvent } from './activity-classification.ts'

const event = (e: Partial<ClassifiableEvent>): ClassifiableEvent => ({
  type: 'track',
  event: null,
  properties: {},
  context: {},
  ...e,
})

describe('activity classification', () => {
  it('records no activity for calls that only describe people and accounts', () => {
    for (const type of ['identify', 'group', 'alias'] as const)
      expect(classifyEvent(event({ type }))).toBeNull()
  })

  it('reads pages, with pricing pages apart', () => {
    expect(
      classifyEvent(event({ type: 'page', context: { page: { path: '/blog/abm' } } })),
    ).toEqual({ type: 'web_visit', channel: 'web', function: 'marketing', campaign: null })
    expect(
      classifyEvent(
        event({ type: 'page', context: { page: { url: 'https://x.example/pricing' } } }),
      ),
    ).toMatchObject({ type: 'pricing_page_visit' })
    expect(classifyEvent(event({ type: 'screen' }))).toMatchObject({
      type: 'product_usage',
      channel: 'product',
    })
  })

  it('reads the campaign from context.campaign or the page URL, and the channel from the medium', () => {
    const paid = classifyEvent(
      event({
        type: 'page',
        context: {
          page: {
            path: '/',
            search: '?utm_campaign=Spring%20Launch&utm_source=google&utm_medium=cpc',
          },
        },
      }),
    )
    expect(paid).toEqual({
      type: 'web_visit',
      channel: 'paid',
      function: 'marketing',
      campaign: {
        key: 'spring-launch',
        name: 'Spring Launch',
        channel: 'paid_search',
        source: 'google',
        medium: 'cpc',
      },
    })
    const webinar = classifyEvent(
      event({
        event: 'Webinar Registered',
        context: { campaign: { name: '2026-03 Webinar: ABM', source: 'webinar', medium: 'email' } },
      }),
    )
    expect(webinar).toMatchObject({
      type: 'webinar_registered',
      channel: 'email',
      campaign: { key: '2026-03-webinar-abm', channel: 'webinar' },
    })
  })

  it('names track events the way tools spell them, and keeps unknown ones', () => {
    expect(classifyEvent(event({ event: 'Demo Requested' }))).toMatchObject({
      type: 'demo_request',
      channel: 'web',
      function: 'marketing',
    })
    expect(classifyEvent(event({ event: 'trialStarted' }))).toMatchObject({
      type: 'trial_start',
      channel: 'product',
    })
    expect(classifyEvent(event({ event: 'Report Exported' }))).toMatchObject({
      type: 'report_exported',
      channel: 'product',
    })
  })

  it('counts team touches for the team that makes them, or the one the event names', () => {
    expect(classifyEvent(event({ event: 'Call Completed' }))).toMatchObject({
      type: 'call',
      channel: 'phone',
      function: 'sdr',
    })
    expect(classifyEvent(event({ event: 'Meeting Held' }))).toMatchObject({ function: 'sales' })
    expect(
      classifyEvent(event({ event: 'Meeting Held', properties: { function: 'cs' } })),
    ).toMatchObject({ function: 'cs' })
    expect(
      classifyEvent(event({ event: 'Meeting Held', properties: { function: 'finance' } })),
    ).toMatchObject({ function: 'sales' })
  })
})
