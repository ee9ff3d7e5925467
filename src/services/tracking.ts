import { randomUUID } from 'node:crypto'
import type { Kysely } from 'kysely'
import { checkMessage, type SegmentType, type TrackedMessage } from '../domain/segment-message.ts'
import type { Database } from '../store/database.ts'
import { jsonb } from '../store/jsonb.ts'

export interface RejectedMessage {
  /** Position in the batch (0 for a single call). */
  readonly index: number
  readonly reason: string
}

export interface IngestOutcome {
  /** Newly stored. */
  readonly accepted: number
  /** Already stored under the same messageId: a client's retry, counted once. */
  readonly duplicates: number
  readonly rejected: readonly RejectedMessage[]
}

export interface IngestRequest {
  readonly workspaceId: string
  readonly messages: readonly unknown[]
  /** Set for the single-call endpoints; a batch's items carry their own type. */
  readonly type?: SegmentType
  readonly batchContext?: unknown
  readonly batchIntegrations?: unknown
  readonly receivedAt: Date
}

// 9 bind parameters per row; stay far below PostgreSQL's 65,535 per statement.
const ROWS_PER_STATEMENT = 2_000

/**
 * Stores the valid messages of a request and reports the others by index. Everything accepted is
 * committed before this returns, so an acknowledged event survives a crash; a messageId already
 * stored in the workspace is skipped, so a client's retry never doubles anything.
 */
export async function ingestMessages(
  db: Kysely<Database>,
  request: IngestRequest,
): Promise<IngestOutcome> {
  const valid: TrackedMessage[] = []
  const rejected: RejectedMessage[] = []
  request.messages.forEach((raw, index) => {
    const check = checkMessage(raw, {
      type: request.type,
      batchContext: request.batchContext,
      batchIntegrations: request.batchIntegrations,
      receivedAt: request.receivedAt,
      newMessageId: randomUUID,
    })
    if (check.ok) valid.push(check.message)
    else rejected.push({ index, reason: check.reason })
  })
  if (valid.length === 0) return { accepted: 0, duplicates: 0, rejected }

  const accepted = await db.transaction().execute(async (trx) => {
    let stored = 0
    for (let i = 0; i < valid.length; i += ROWS_PER_STATEMENT) {
      const rows = valid.slice(i, i + ROWS_PER_STATEMENT).map((message) => ({
        workspace_id: request.workspaceId,
        id: randomUUID(),
        message_id: message.messageId,
        type: message.type,
        event: message.event,
        anonymous_id: message.anonymousId,
        user_id: message.userId,
        payload: jsonb(message.payload),
        timestamp: message.timestamp,
        received_at: request.receivedAt,
      }))
      const inserted = await trx
        .insertInto('events')
        .values(rows)
        .onConflict((conflict) => conflict.columns(['workspace_id', 'message_id']).doNothing())
        .returning('id')
        .execute()
      stored += inserted.length
    }
    return stored
  })
  return { accepted, duplicates: valid.length - accepted, rejected }
}
