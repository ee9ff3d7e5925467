import type { RunningApp } from './test-app.ts'

// Records a CRM holds (deals, above all) put into Tandem the way a customer does: a CSV file and
// its mapping posted to the import API.

interface ImportSummary {
  readonly rows: number
  readonly rejected: number
  readonly rejectedRows: readonly unknown[]
}

export async function importCsv(
  server: RunningApp,
  key: string,
  entity: string,
  mapping: Record<string, unknown>,
  csv: string,
): Promise<ImportSummary> {
  const query = `?mapping=${encodeURIComponent(JSON.stringify({ entity, ...mapping }))}`
  const response = await fetch(`${server.url}/v1/imports/${entity}${query}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${key}`, 'content-type': 'text/csv' },
    body: csv,
  })
  const body = (await response.json()) as ImportSummary
  if (response.status !== 200 || body.rejected !== 0)
    throw new Error(`The import of ${entity} failed: ${JSON.stringify(body)}`)
  return body
}

/** A mapping for deals written as the tests write them: one column per field, ISO dates. */
export const DEALS_MAPPING = {
  source: 'crm',
  fields: {
    externalId: 'id',
    name: 'name',
    accountName: 'account',
    contactEmail: 'email',
    stage: 'stage',
    amount: 'amount',
    createdAt: 'created',
    closedAt: 'closed',
    lossReason: 'loss_reason',
  },
  wonStages: ['Won'],
  lostStages: ['Lost'],
}
