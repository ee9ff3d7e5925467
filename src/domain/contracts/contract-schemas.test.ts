import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { CONTRACT_SCHEMAS } from './contract-schemas.ts'

describe('the published JSON Schemas', () => {
  it.each(['qualification', 'icp', 'routing'] as const)(
    'docs/schemas/%s.schema.json is the schema the product validates with',
    (kind) => {
      const file = new URL(`../../../docs/schemas/${kind}.schema.json`, import.meta.url)
      const published = JSON.parse(readFileSync(file, 'utf8'))
      // Regenerate: npm run --silent tandem -- contract schema KIND > docs/schemas/KIND.schema.json
      // and npx biome format --write docs/schemas
      expect(published).toEqual(JSON.parse(JSON.stringify(CONTRACT_SCHEMAS[kind])))
    },
  )
})
