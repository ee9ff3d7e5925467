import { describe, expect, it } from 'vitest'
import { formatKey, hashKey, keyHint, parseKey } from './api-key-format.ts'

const workspaceId = '0f8fad5b-d9cb-469f-a165-70867728950e'
const secret = 'A'.repeat(32)

describe('API key format', () => {
  it('round-trips the kind and the workspace id', () => {
    for (const kind of ['api', 'write'] as const) {
      const key = formatKey(kind, workspaceId, secret)
      expect(key.startsWith(kind === 'api' ? 'tdm_' : 'twk_')).toBe(true)
      expect(parseKey(key)).toEqual({ kind, workspaceId, secret })
    }
  })

  it('rejects malformed keys', () => {
    for (const key of [
      '',
      'tdm_',
      `xyz_${'0'.repeat(32)}_${secret}`,
      `tdm_${'0'.repeat(31)}_${secret}`,
      `tdm_${'0'.repeat(32)}_short`,
    ]) {
      expect(parseKey(key)).toBeUndefined()
    }
  })

  it('hashes deterministically without revealing the key', () => {
    const key = formatKey('api', workspaceId, secret)
    expect(hashKey(key)).toBe(hashKey(key))
    expect(hashKey(key)).not.toContain(secret)
    expect(hashKey(key)).not.toBe(hashKey(`${key}x`))
    expect(keyHint(key)).toBe('tdm_…AAAA')
  })
})
