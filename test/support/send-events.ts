import { randomUUID } from 'node:crypto'
import { expect } from 'vitest'
import type { RunningApp } from './test-app.ts'

/**
 * Posts events to /v1/batch with a write key, as a Segment client does (each with its own
 * messageId), expects them accepted, and waits until the server has processed them.
 */
export async function sendAndProcess(
  server: RunningApp,
  writeKey: string,
  batch: readonly Record<string, unknown>[],
): Promise<void> {
  const response = await fetch(`${server.url}/v1/batch`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      authorization: `Basic ${Buffer.from(`${writeKey}:`).toString('base64')}`,
    },
    body: JSON.stringify({ batch: batch.map((e) => ({ messageId: randomUUID(), ...e })) }),
  })
  expect(response.status).toBe(200)
  await server.app.eventProcessor.drain()
}
