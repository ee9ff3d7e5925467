import { randomUUID } from 'node:crypto'
import { sendAndProcess } from './send-events.ts'
import type { RunningApp } from './test-app.ts'

export interface Person {
  readonly email: string
  readonly firstName: string
  readonly lastName: string
  readonly title: string
  readonly country: string
}

/**
 * Someone who identifies themselves, attends a webinar and an event and reads the pricing page
 * three times, all now: band 1 engagement under the example qualification definition, so an
 * MQL when their fit grade is in the matrix. Returns their userId (a new one unless given).
 */
export async function sendQualifyingJourney(
  server: RunningApp,
  writeKey: string,
  person: Person,
  userId: string = randomUUID(),
): Promise<string> {
  await sendAndProcess(server, writeKey, qualifyingJourney(person, userId, server.clock.now()))
  return userId
}

/** The events of that journey, all at `at`, to send with others in one batch. */
export function qualifyingJourney(
  person: Person,
  userId: string,
  at: Date,
): Record<string, unknown>[] {
  const timestamp = at.toISOString()
  const { email, firstName, lastName, title, country } = person
  return [
    { type: 'identify', userId, traits: { email, firstName, lastName, title, country }, timestamp },
    { type: 'track', userId, event: 'Webinar Attended', timestamp },
    { type: 'track', userId, event: 'Event Attended', timestamp },
    ...[0, 0, 0].map(() => ({ type: 'page', userId, properties: { path: '/pricing' }, timestamp })),
  ]
}
