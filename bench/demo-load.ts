import { createDemoWorkspace } from '../src/services/demo/create-demo-workspace.ts'
import {
  type DemoSize,
  generateDemoWorkspace,
} from '../src/services/demo/generate-demo-workspace.ts'
import type { Store } from '../src/store/open-store.ts'

export interface LoadTiming {
  readonly name: string
  readonly rows: number
  readonly seconds: number
}

const now = new Date()

export function benchGenerate(size: DemoSize): LoadTiming {
  const started = performance.now()
  const rows = generateDemoWorkspace({ workspaceId: crypto.randomUUID(), size, seed: 42, now })
  const seconds = (performance.now() - started) / 1000
  const count = Object.values(rows).reduce((sum, table) => sum + table.length, 0)
  return { name: `generate ${size} (in memory)`, rows: count, seconds }
}

export async function benchLoad(store: Store, size: DemoSize, slug: string): Promise<LoadTiming> {
  const started = performance.now()
  const demo = await createDemoWorkspace(store.db, { slug, size, seed: 42, now })
  const seconds = (performance.now() - started) / 1000
  const rows = Object.values(demo.counts).reduce((sum, n) => sum + n, 0)
  return { name: `generate + load ${size} (${store.kind})`, rows, seconds }
}
