import type { NotificationsTable } from '../../store/database.ts'

/** The page in Tandem that a notification's link opens: its contact, account, … */
export function entityLink(
  baseUrl: string,
  entityType: NotificationsTable['entity_type'],
  entityId: string | null,
): string | undefined {
  if (entityType === null || entityId === null) return undefined
  return `${baseUrl}/${entityType}s/${entityId}`
}
