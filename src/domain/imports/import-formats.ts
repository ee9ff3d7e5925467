import type { ImportMapping } from './import-mapping.ts'

// Exports Tandem recognises by their header row, so people import them without a mapping file:
// HubSpot's contacts, companies and deals exports (column labels as HubSpot writes them), and
// Salesforce's Lead, Contact, Account, Opportunity and User objects as Data Loader, Workbench and
// the weekly Data Export write them (API field names, ISO dates).

export interface KnownFormat {
  readonly name: string
  readonly label: string
  /** Every one of these columns must be present. */
  readonly signature: readonly string[]
  /** Columns that rule the format out (a Lead export has no AccountId). */
  readonly without?: readonly string[]
  readonly mapping: ImportMapping
}

const HUBSPOT_LIFECYCLE = {
  Subscriber: 'inquiry',
  subscriber: 'inquiry',
  Lead: 'lead',
  lead: 'lead',
  'Marketing Qualified Lead': 'mql',
  marketingqualifiedlead: 'mql',
  'Sales Qualified Lead': 'sql',
  salesqualifiedlead: 'sql',
  Opportunity: 'opportunity',
  opportunity: 'opportunity',
  Customer: 'won',
  customer: 'won',
  Evangelist: 'won',
  evangelist: 'won',
  Other: 'lead',
  other: 'lead',
}

// The standard Lead Status picklist.
const SALESFORCE_LEAD_STATUS = {
  'Open - Not Contacted': 'lead',
  'Working - Contacted': 'sal',
  'Closed - Converted': 'sql',
  'Closed - Not Converted': 'disqualified',
}

export const KNOWN_FORMATS: readonly KnownFormat[] = [
  {
    name: 'hubspot-contacts',
    label: 'HubSpot contacts export',
    signature: ['Record ID', 'Email', 'First Name', 'Last Name'],
    without: ['Deal Name', 'Company name'],
    mapping: {
      entity: 'contacts',
      source: 'hubspot',
      fields: {
        externalId: 'Record ID',
        email: 'Email',
        firstName: 'First Name',
        lastName: 'Last Name',
        title: 'Job Title',
        phone: 'Phone Number',
        company: 'Company Name',
        website: 'Website URL',
        country: 'Country/Region',
        city: 'City',
        source: 'Original Source',
        lifecycleStage: { column: 'Lifecycle Stage', values: HUBSPOT_LIFECYCLE },
        createdAt: 'Create Date',
        accountExternalId: 'Associated Company ID',
        owner: 'Contact owner',
      },
    },
  },
  {
    name: 'hubspot-companies',
    label: 'HubSpot companies export',
    signature: ['Record ID', 'Company name'],
    mapping: {
      entity: 'accounts',
      source: 'hubspot',
      fields: {
        externalId: 'Record ID',
        name: 'Company name',
        domain: 'Company Domain Name',
        website: 'Website URL',
        industry: 'Industry',
        employees: 'Number of Employees',
        annualRevenue: 'Annual Revenue',
        country: 'Country/Region',
        region: 'State/Region',
        city: 'City',
        parentExternalId: 'Parent Company',
        owner: 'Company owner',
      },
    },
  },
  {
    name: 'hubspot-deals',
    label: 'HubSpot deals export',
    signature: ['Record ID', 'Deal Name', 'Deal Stage'],
    mapping: {
      entity: 'opportunities',
      source: 'hubspot',
      fields: {
        externalId: 'Record ID',
        name: 'Deal Name',
        accountExternalId: 'Associated Company IDs',
        accountName: 'Associated Company',
        contactExternalId: 'Associated Contact IDs',
        stage: 'Deal Stage',
        amount: 'Amount',
        currency: 'Currency',
        createdAt: 'Create Date',
        closedAt: 'Close Date',
        owner: 'Deal owner',
        leadSource: 'Original Source Type',
        lossReason: 'Closed Lost Reason',
      },
    },
  },
  {
    name: 'salesforce-lead',
    label: 'Salesforce Lead export',
    signature: ['Id', 'LastName', 'Company', 'Status'],
    without: ['AccountId'],
    mapping: {
      entity: 'contacts',
      source: 'salesforce',
      fields: {
        externalId: 'Id',
        email: 'Email',
        firstName: 'FirstName',
        lastName: 'LastName',
        title: 'Title',
        phone: 'Phone',
        company: 'Company',
        website: 'Website',
        country: 'Country',
        city: 'City',
        source: 'LeadSource',
        lifecycleStage: { column: 'Status', values: SALESFORCE_LEAD_STATUS },
        createdAt: 'CreatedDate',
        owner: 'OwnerId',
      },
    },
  },
  {
    name: 'salesforce-contact',
    label: 'Salesforce Contact export',
    signature: ['Id', 'AccountId', 'LastName'],
    without: ['StageName'],
    mapping: {
      entity: 'contacts',
      source: 'salesforce',
      fields: {
        externalId: 'Id',
        email: 'Email',
        firstName: 'FirstName',
        lastName: 'LastName',
        title: 'Title',
        phone: 'Phone',
        country: 'MailingCountry',
        city: 'MailingCity',
        source: 'LeadSource',
        createdAt: 'CreatedDate',
        accountExternalId: 'AccountId',
        owner: 'OwnerId',
      },
    },
  },
  {
    name: 'salesforce-account',
    label: 'Salesforce Account export',
    signature: ['Id', 'Name', 'BillingCountry'],
    mapping: {
      entity: 'accounts',
      source: 'salesforce',
      fields: {
        externalId: 'Id',
        name: 'Name',
        website: 'Website',
        industry: 'Industry',
        employees: 'NumberOfEmployees',
        annualRevenue: 'AnnualRevenue',
        country: 'BillingCountry',
        region: 'BillingState',
        city: 'BillingCity',
        parentExternalId: 'ParentId',
        owner: 'OwnerId',
      },
    },
  },
  {
    name: 'salesforce-opportunity',
    label: 'Salesforce Opportunity export',
    signature: ['Id', 'Name', 'AccountId', 'StageName'],
    mapping: {
      entity: 'opportunities',
      source: 'salesforce',
      fields: {
        externalId: 'Id',
        name: 'Name',
        accountExternalId: 'AccountId',
        stage: 'StageName',
        amount: 'Amount',
        currency: 'CurrencyIsoCode',
        createdAt: 'CreatedDate',
        closedAt: 'CloseDate',
        owner: 'OwnerId',
        leadSource: 'LeadSource',
        lossReason: 'Loss_Reason__c',
      },
    },
  },
  {
    name: 'salesforce-user',
    label: 'Salesforce User export',
    signature: ['Id', 'Name', 'Email', 'Username'],
    mapping: {
      entity: 'users',
      source: 'salesforce',
      fields: {
        externalId: 'Id',
        name: 'Name',
        email: 'Email',
        manager: 'ManagerId',
        timeZone: 'TimeZoneSidKey',
      },
    },
  },
]

/** The known export a header row comes from, if any. */
export function detectFormat(headers: readonly string[]): KnownFormat | undefined {
  const present = new Set(headers.map((h) => h.trim()))
  return KNOWN_FORMATS.find(
    (f) =>
      f.signature.every((c) => present.has(c)) && !(f.without ?? []).some((c) => present.has(c)),
  )
}

/** A known format's mapping, keeping only the columns this file has (exports vary by settings). */
export function mappingForFile(format: KnownFormat, headers: readonly string[]): ImportMapping {
  const present = new Set(headers.map((h) => h.trim()))
  const fields: ImportMapping['fields'] = {}
  for (const [field, spec] of Object.entries(format.mapping.fields)) {
    const column = typeof spec === 'string' ? spec : 'column' in spec ? spec.column : undefined
    if (column === undefined || present.has(column)) fields[field] = spec
  }
  return { ...format.mapping, fields }
}
