import type { Readable } from 'node:stream'
import { createGunzip } from 'node:zlib'
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import Type from 'typebox'
import {
  IMPORT_ENTITIES,
  type ImportMapping,
  ImportMappingError,
  parseImportMappingJson,
} from '../../domain/imports/import-mapping.ts'
import { AppError } from '../../services/app-error.ts'
import { importCsv, type RejectedRow } from '../../services/imports/import-csv.ts'
import type { AppDeps } from '../app-deps.ts'
import { requireScope } from '../authenticate.ts'
import { errorResponses } from '../error-mapper.ts'

/** Rejected rows listed in the answer; the count covers them all. */
const MAX_REJECTED_LISTED = 1_000

const Summary = Type.Object({
  entity: Type.String(),
  format: Type.String(),
  rows: Type.Integer(),
  inserted: Type.Integer(),
  updated: Type.Integer(),
  unchanged: Type.Integer(),
  rejected: Type.Integer(),
  created: Type.Object({ accounts: Type.Integer(), users: Type.Integer(), teams: Type.Integer() }),
  rejectedRows: Type.Array(
    Type.Object({ line: Type.Integer(), reason: Type.String(), cells: Type.Array(Type.String()) }),
    { description: `The first ${MAX_REJECTED_LISTED} rejected rows` },
  ),
})

/** CSV uploads: the same import as `tandem import`, streamed from the request body. */
export const importRoutes: FastifyPluginAsyncTypebox<AppDeps> = async (app, { db, clock }) => {
  // The body stays a stream: a file of any size is read in constant memory.
  app.addContentTypeParser(['text/csv', 'application/csv'], (_request, payload, done) =>
    done(null, payload),
  )
  app.post(
    '/v1/imports/:entity',
    {
      onRequest: requireScope(db, clock, 'write', { action: 'import-file' }),
      bodyLimit: 2 ** 40,
      config: { streamsBody: true },
      schema: {
        tags: ['imports'],
        summary:
          'Import a CSV file (HubSpot and Salesforce exports are recognised by their header)',
        description:
          'Send the file as the body with Content-Type: text/csv (gzip allowed). For any other file pass a mapping (JSON, see docs/imports.md) in the `mapping` query parameter. Importing the same file again changes nothing. Example: curl -H "Authorization: Bearer $TANDEM_KEY" -H "Content-Type: text/csv" --data-binary @contacts.csv localhost:4680/v1/imports/contacts',
        security: [{ apiKey: [] }],
        params: Type.Object({
          entity: Type.Union(IMPORT_ENTITIES.map((e) => Type.Literal(e))),
        }),
        querystring: Type.Object({
          mapping: Type.Optional(Type.String({ description: 'the mapping document, as JSON' })),
        }),
        response: {
          200: Summary,
          ...errorResponses(400, 401, 403, 415),
        },
      },
    },
    async (request) => {
      const mapping = parseMappingParameter(request.query.mapping)
      let input = request.body as Readable
      if (typeof input?.pipe !== 'function')
        throw new AppError(
          'unsupported_media_type',
          'Send the CSV file as the body with Content-Type: text/csv.',
        )
      if (request.headers['content-encoding'] === 'gzip') input = input.pipe(createGunzip())
      const rejectedRows: RejectedRow[] = []
      const summary = await importCsv(db, {
        workspaceId: request.principal?.workspaceId ?? '',
        entity: request.params.entity,
        ...(mapping === undefined ? {} : { mapping }),
        input,
        now: clock.now(),
        onReject: (row) => {
          if (rejectedRows.length < MAX_REJECTED_LISTED) rejectedRows.push(row)
        },
      })
      return { ...summary, rejectedRows: rejectedRows.map((r) => ({ ...r, cells: [...r.cells] })) }
    },
  )
}

function parseMappingParameter(text: string | undefined): ImportMapping | undefined {
  if (text === undefined) return undefined
  try {
    return parseImportMappingJson(text)
  } catch (error) {
    if (error instanceof ImportMappingError) throw new AppError('validation_failed', error.message)
    throw error
  }
}
