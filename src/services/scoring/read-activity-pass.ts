import { type Kysely, sql } from 'kysely'
import type { Database, FunctionName } from '../../store/database.ts'
import { ActivityColumns, NOT_IN_PASS } from './activity-columns.ts'

// One pass over a workspace's activities in the order they lie on disk, a range of table pages
// per query, keeping those of the contacts and accounts being scored. Reading in physical order
// costs what a sequential scan costs; looking each contact's activities up by index costs a
// random page read per activity. Each query is short, so nothing is held open between them, and
// the next is already running while this process files the last one's rows.

const PAGES_PER_QUERY = 16_384

/**
 * The activities of the contacts and accounts listed, each numbered by where it stands in its
 * list. The database numbers them, joining the lists: far cheaper than looking each row's ids up
 * here, where every id arrives as a new string.
 */
export async function readActivityPass(
  db: Kysely<Database>,
  workspaceId: string,
  scope: { readonly contacts: readonly string[]; readonly accounts: readonly string[] },
): Promise<ActivityColumns> {
  const columns = new ActivityColumns(scope.contacts.length, scope.accounts.length)
  if (scope.contacts.length === 0 && scope.accounts.length === 0) return columns
  const size = await sql<{ pages: string }>`
    select pg_relation_size('activities') / current_setting('block_size')::bigint as pages`.execute(
    db,
  )
  const pages = Number(size.rows[0]?.pages ?? 0)
  // Array literals built once, not arrays turned into text for every query. Grouped by id, the
  // lists are known to the planner as unique, so it hashes them rather than the activities.
  const list = (ids: readonly string[]) =>
    sql`(select id, min(n) as n from unnest(${`{${ids.join(',')}}`}::uuid[])
          with ordinality as u (id, n) group by id)`
  const contacts = list(scope.contacts)
  const accounts = list(scope.accounts)
  const chunk = (first: number) =>
    db.transaction().execute(async (trx) => {
      // The lists' hash tables fit in memory rather than spilling to disk.
      await sql`set local work_mem = '64MB'`.execute(trx)
      return sql<{
        contact: number | null
        account: number | null
        type: string
        function: FunctionName
        ms: number
        path: string | null
      }>`select c.n::int - 1 as contact, s.n::int - 1 as account, a.type, a.function,
           date_part('epoch', a.occurred_at) * 1000 as ms, a.properties->>'path' as path
         from activities a
         left join ${contacts} c on c.id = a.contact_id
         left join ${accounts} s on s.id = a.account_id
         where a.ctid >= ${`(${first},0)`}::tid and a.ctid < ${`(${first + PAGES_PER_QUERY},0)`}::tid
           and a.workspace_id = ${workspaceId} and (c.id is not null or s.id is not null)`.execute(
        trx,
      )
    })
  let next = pages > 0 ? chunk(0) : undefined
  for (let first = 0; next !== undefined; first += PAGES_PER_QUERY) {
    const { rows } = await next
    next = first + PAGES_PER_QUERY < pages ? chunk(first + PAGES_PER_QUERY) : undefined
    for (const r of rows)
      columns.add(
        r.contact ?? NOT_IN_PASS,
        r.account ?? NOT_IN_PASS,
        r.type,
        r.function,
        r.ms,
        r.path,
      )
  }
  return columns
}
