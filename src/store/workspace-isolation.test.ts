import { describe, expect, it } from 'vitest'
import {
  acrossWorkspaces,
  asWorkspace,
  isolatedWorkspace,
  isolateTo,
  openIsolationContext,
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
    expect(await asWorkspace(B, async () => isolatedWorkspace())).toBe(B)
  })

  it('refuses to isolate without a context, to a non-id, or to a second workspace', () => {
    expect(() => isolateTo(A)).toThrow(/needs an isolation context/)
    expect(() => asWorkspace("x', true) --", () => 1)).toThrow(/Not a workspace id/)
    openIsolationContext(() => {
      isolateTo(A)
      isolateTo(A)
      expect(() => isolateTo(B)).toThrow(/another workspace/)
    })
  })
})
