import type { EventRejection } from '@rrelay/protocol';

/** The warnings said so far on this page: each field and reason once. */
const said = new Set<string>();

/**
 * Says in the console why the relay refused events of a send, from its answer
 * (`{"accepted", "rejected": [{index, path, reason}]}`), once per page for each
 * field and reason. The production build's field checks are the relay's own,
 * from `@rrelay/protocol`: one definition of the wire, none of it in the page;
 * the debug build also checks each event as it is tracked (check-fields.ts).
 */
export function warnRefused(answer: unknown): void {
  for (const { path, reason } of (answer as { rejected?: EventRejection[] } | undefined)?.rejected ?? []) {
    const message = `rr: the relay dropped an event: ${path} ${reason}`;
    if (said.has(message)) continue;
    said.add(message);
    console.warn(message);
  }
}
