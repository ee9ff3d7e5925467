import { describe, expect, it } from 'vitest'
import { detectFormat, mappingForFile } from './import-formats.ts'
import { columnsRead, type ImportMappingError, parseImportMappingJson } from './import-mapping.ts'
import { mapRow } from './import-records.ts'

const problemsOf = (text: string) => {
  try {
    parseImportMappingJson(text)
    return []
  } catch (error) {
    return (error as ImportMappingError).problems
  }
}

describe('import mappings', () => {
  it('names every problem of a mapping by its path', () => {
    expect(problemsOf('{"entity":"leads","source":"Olist!","fields":{"email":3}}')).toEqual([
      '/entity: must be one of contacts, accounts, opportunities, activities, users',
      '/source: must match pattern "^[a-z0-9][a-z0-9_.-]*$"',
      '/fields/email: must be a column name, or an object with column, value or template',
    ])
    expect(problemsOf('{"entity":"accounts","source":"x","fields":{"revenue":"r"}}')[0]).toContain(
      '/fields/revenue: accounts have no field "revenue"',
    )
    expect(problemsOf('{nope')[0]).toMatch(/^\/: not JSON/)
  })

  it('reads columns, constants, templates and translated values', () => {
    const mapping = parseImportMappingJson(
      JSON.stringify({
        entity: 'opportunities',
        source: 'olist',
        fields: {
          externalId: 'mql_id',
          name: { template: '{segment} seller {seller}' },
          accountExternalId: 'seller',
          stage: { column: 'status', values: { G: 'Closed Won' } },
          amount: { column: 'revenue', multiply: 1000 },
          closedAt: { column: 'won', dateFormat: 'dmy' },
          currency: { value: 'brl' },
        },
      }),
    )
    expect(columnsRead(mapping).sort()).toEqual([
      'mql_id',
      'revenue',
      'segment',
      'seller',
      'status',
      'won',
    ])
    const row = {
      mql_id: 'm1',
      segment: 'pet',
      seller: 's1',
      status: 'G',
      revenue: '1.5',
      won: '03/04/2018',
    }
    expect(mapRow(mapping, row)).toEqual({
      ok: true,
      record: {
        externalId: 'm1',
        name: 'pet seller s1',
        accountExternalId: 's1',
        stage: 'Closed Won',
        isClosed: true,
        isWon: true,
        amount: 1500,
        currency: 'BRL',
        closedAt: new Date('2018-04-03T00:00:00Z'),
      },
    })
    expect(mapRow(mapping, { ...row, won: '31/02/2018' })).toEqual({
      ok: false,
      reason: 'closedAt "31/02/2018" is not a date in dmy order',
    })
    expect(mapRow(mapping, { ...row, revenue: '-2' })).toEqual({
      ok: false,
      reason: 'amount -2000 is negative',
    })
  })

  it('recognises exports by their header and keeps only the columns a file has', () => {
    const lead = ['Id', 'FirstName', 'LastName', 'Company', 'Status', 'Email']
    const format = detectFormat(lead)
    expect(format?.name).toBe('salesforce-lead')
    expect(detectFormat(['Id', 'AccountId', 'LastName', 'Email'])?.name).toBe('salesforce-contact')
    expect(detectFormat(['Record ID', 'Deal Name', 'Deal Stage', 'Amount'])?.name).toBe(
      'hubspot-deals',
    )
    expect(detectFormat(['name', 'email'])).toBeUndefined()
    const mapping = mappingForFile(format as NonNullable<typeof format>, lead)
    expect(Object.keys(mapping.fields).sort()).toEqual([
      'company',
      'email',
      'externalId',
      'firstName',
      'lastName',
      'lifecycleStage',
    ])
    expect(
      mapRow(mapping, {
        Id: '00Q1',
        LastName: 'Ng',
        Company: 'Acme',
        Status: 'Working - Contacted',
        Email: 'NG@acme.com',
        FirstName: '',
      }),
    ).toEqual({
      ok: true,
      record: {
        externalId: '00Q1',
        email: 'ng@acme.com',
        lastName: 'Ng',
        company: 'Acme',
        lifecycleStage: 'sal',
      },
    })
  })
})
