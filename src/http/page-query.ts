import Type from 'typebox'
import { MAX_PAGE_SIZE, type PageRequest } from '../services/lead-review.ts'

/** The query string of every paged list: `limit` (at most MAX_PAGE_SIZE) and `after`. */
export const PageQuery = Type.Object({
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_PAGE_SIZE, default: 100 })),
  after: Type.Optional(
    Type.String({ format: 'uuid', description: 'The `next` of the previous page' }),
  ),
})

export function pageRequest(query: Type.Static<typeof PageQuery>): PageRequest {
  return { limit: query.limit ?? 100, ...(query.after === undefined ? {} : { after: query.after }) }
}
