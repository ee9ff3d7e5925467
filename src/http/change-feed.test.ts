import { describe, expect, it } from 'vitest'
import { createChangeFeed, type Watcher } from './change-feed.ts'

function recorder(seen: string) {
  const pushes: string[] = []
  let ended = false
  const watcher: Watcher = {
    seen,
    onChange: async (fingerprint) => {
      pushes.push(fingerprint)
      watcher.seen = fingerprint
    },
    end: () => {
      ended = true
    },
  }
  return { watcher, pushes, ended: () => ended }
}

describe('createChangeFeed', () => {
  it('pushes to the watchers of a workspace whose fingerprint changed, once per change', async () => {
    const fingerprints: Record<string, string> = { a: '1', b: '1' }
    const feed = createChangeFeed({
      fingerprint: async (ws) => fingerprints[ws] ?? '',
      intervalMs: 60_000,
      onError: () => undefined,
    })
    const a = recorder('1')
    const b = recorder('1')
    feed.watch('a', a.watcher)
    feed.watch('b', b.watcher)
    await feed.poll()
    expect(a.pushes).toEqual([])
    fingerprints.a = '2'
    await feed.poll()
    await feed.poll()
    expect(a.pushes).toEqual(['2'])
    expect(b.pushes).toEqual([])
    feed.stop()
  })

  it('catches up a watcher whose last push was read under an older fingerprint', async () => {
    const feed = createChangeFeed({
      fingerprint: async () => 'now',
      intervalMs: 60_000,
      onError: () => undefined,
    })
    const late = recorder('before')
    feed.watch('a', late.watcher)
    await feed.poll()
    expect(late.pushes).toEqual(['now'])
    feed.stop()
  })

  it('stops pushing after unwatch, and ends the open streams when stopped', async () => {
    let fingerprint = '1'
    const feed = createChangeFeed({
      fingerprint: async () => fingerprint,
      intervalMs: 60_000,
      onError: () => undefined,
    })
    const gone = recorder('1')
    const stays = recorder('1')
    feed.watch('a', gone.watcher)()
    feed.watch('a', stays.watcher)
    fingerprint = '2'
    await feed.poll()
    expect(gone.pushes).toEqual([])
    expect(stays.pushes).toEqual(['2'])
    feed.stop()
    expect(stays.ended()).toBe(true)
    expect(gone.ended()).toBe(false)
  })

  it('reports a failed read and keeps watching', async () => {
    const errors: unknown[] = []
    let fail = true
    const feed = createChangeFeed({
      fingerprint: async () => {
        if (fail) throw new Error('database gone')
        return '2'
      },
      intervalMs: 60_000,
      onError: (error) => errors.push(error),
    })
    const w = recorder('1')
    feed.watch('a', w.watcher)
    await feed.poll()
    fail = false
    await feed.poll()
    expect(errors).toHaveLength(1)
    expect(w.pushes).toEqual(['2'])
    feed.stop()
  })
})
