/** Bulk work's limits without zod: the queue's first page needs them before any schema. */
/**
 * The most tickets one bulk action changes. "Select all that match" over more than this is
 * refused with a message (narrow the question), never cut silently: 500 edits are ~11 s of
 * sending on the local sandbox (the outbox bench: 22 ms each) and a list an agent can still read.
 */
export const BULK_LIMIT = 500

/** The fields the bulk bar sets one at a time (a macro may set several). */
export const BULK_FIELDS = ['status', 'priority', 'handler_id'] as const
export type BulkField = (typeof BULK_FIELDS)[number]
