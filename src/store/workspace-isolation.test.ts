import { describe, expect, it } from 'vitest'
import {
  acrossWorkspaces,
  isolatedWorkspace,
  isolateTo,
  openIsolationContext,
  withWorkspace,
} from './workspace-isolation.ts'

const A = '00000000-0000-4000-8000-00000000000a'
const B = '00000000-0000-4000-8000-00000000000b'

describe('workspace isolation contexts', () => {
  it('follow the async calls of the context that named the workspace, and only those', async () => {
    const seen = await openIsolationContext(async () => {
      const before = isolatedWorkspace()
      await Promise.resolve()
      isolateTo(A)
      const later = await new Promise((resolve) => setTimeout(() => resolve(isolatedWorkspace())))
      return { before, later, across: acrossWorkspaces(isolatedWorkspace) }
    })
    expect(seen).toEqual({ before: undefined, later: A, across: undefined })
    expect(isolatedWorkspace()).toBeUndefined()
    expect(await withWorkspace(B, async () => isolatedWorkspace())).toBe(B)
  })

  it('refuses to isolate without a context, or to another workspace than the one named', () => {
    expect(() => isolateTo(A)).toThrow(/needs an isolation context/)
    openIsolationContext(() => {
      isolateTo(A)
      isolateTo(A)
      expect(() => isolateTo(B)).toThrow(/another workspace/)
    })
  })
})
