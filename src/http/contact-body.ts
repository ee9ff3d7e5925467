import Type from 'typebox'
import { type DataQualityIssue, describeDataQualityIssue } from '../domain/data-quality.ts'
import type { Contact } from '../store/database.ts'

// How a contact (a lead) looks in the API.

const Nullable = <T extends Type.TSchema>(schema: T) => Type.Union([schema, Type.Null()])

export const ContactBody = Type.Object(
  {
    id: Type.String({ format: 'uuid' }),
    email: Nullable(Type.String()),
    userId: Nullable(Type.String()),
    firstName: Nullable(Type.String()),
    lastName: Nullable(Type.String()),
    title: Nullable(Type.String()),
    seniority: Nullable(Type.String()),
    department: Nullable(Type.String()),
    company: Nullable(Type.String()),
    website: Nullable(Type.String()),
    country: Nullable(Type.String()),
    city: Nullable(Type.String()),
    lifecycleStage: Type.String(),
    source: Nullable(Type.String()),
    accountId: Nullable(Type.String()),
    accountMatch: Type.Object({
      status: Type.Union([
        Type.Literal('unmatched'),
        Type.Literal('linked'),
        Type.Literal('review'),
      ]),
      method: Nullable(Type.String()),
      confidence: Nullable(Type.Number()),
      candidateAccountId: Nullable(Type.String()),
    }),
    dataQuality: Type.Object({
      passes: Type.Boolean({ description: 'Only a lead that passes may be handed to sales.' }),
      issues: Type.Array(Type.Object({ issue: Type.String(), description: Type.String() })),
    }),
    createdAt: Type.String({ format: 'date-time' }),
    updatedAt: Type.String({ format: 'date-time' }),
  },
  { $id: 'Contact' },
)

export function toContactBody(contact: Contact): Type.Static<typeof ContactBody> {
  return {
    id: contact.id,
    email: contact.email,
    userId: contact.user_id,
    firstName: contact.first_name,
    lastName: contact.last_name,
    title: contact.title,
    seniority: contact.seniority,
    department: contact.department,
    company: contact.company_name,
    website: contact.website,
    country: contact.country,
    city: contact.city,
    lifecycleStage: contact.lifecycle_stage,
    source: contact.source,
    accountId: contact.account_id,
    accountMatch: {
      status: contact.account_match_status,
      method: contact.account_match_method,
      confidence: contact.account_match_confidence,
      candidateAccountId: contact.account_candidate_id,
    },
    dataQuality: {
      passes: contact.data_quality_issues.length === 0,
      issues: contact.data_quality_issues.map((issue) => ({
        issue,
        description: describeDataQualityIssue(issue as DataQualityIssue),
      })),
    },
    createdAt: contact.created_at.toISOString(),
    updatedAt: contact.updated_at.toISOString(),
  }
}
