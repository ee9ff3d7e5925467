import type { Migration } from 'kysely/migration'
import * as domainSchema from './0001-domain-schema.ts'

// Listed here rather than read from disk, so migrations work the same from source and from dist.
export const migrations: Readonly<Record<string, Migration>> = {
  '0001-domain-schema': domainSchema,
}
