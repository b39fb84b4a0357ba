/** A pending event as the buffer reads it back: the event still as stored JSON until it is sent. */
export interface PendingRow {
  id: number;
  visitor: string;
  event: string;
  acceptedAt: number;
}

/** The columns a `pending` row is read with, as SQLite names them (a type, so SQLite's row constraint accepts it). */
export type PendingColumns = {
  id: number;
  visitor: string;
  event: string;
  accepted_at: number;
};

/** A `pending` row as the buffer's code names its fields. */
export const pendingRow = (row: PendingColumns): PendingRow => ({ id: row.id, visitor: row.visitor, event: row.event, acceptedAt: row.accepted_at });
