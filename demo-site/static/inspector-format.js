// How the event inspector words the relay's activity log and health report.
// Plain browser JavaScript (an ES module), type-checked through JSDoc; the
// unit test imports it in Node, so it touches no DOM.

/**
 * One entry of the relay's `GET /admin/activity` (worker/src/buffer/activity-entry.ts).
 * @typedef {{ kind: string, at: number, [field: string]: unknown }} ActivityEntry
 */

/**
 * What the inspector shows of one entry.
 * @typedef {{ filter: string, tone: 'ok' | 'info' | 'warn' | 'bad', label: string, title: string, detail: string }} EntryView
 */

/** The filters, in display order: the entry kinds each one shows, and its label. */
export const inspectorFilters = /** @type {const} */ ([
  { filter: 'accepted', label: 'Accepted', kinds: ['accepted'] },
  { filter: 'rejected', label: 'Rejected', kinds: ['rejected'] },
  { filter: 'forwarded', label: 'Forwarded', kinds: ['forwarded'] },
  { filter: 'retry', label: 'Retries', kinds: ['retry'] },
  { filter: 'unauthorized', label: 'Unauthorized', kinds: ['unauthorized'] },
  { filter: 'dead_letter', label: 'Dead letters', kinds: ['dead_letter', 'replayed', 'dropped'] },
  { filter: 'possibly_duplicated', label: 'Possibly twice', kinds: ['possibly_duplicated'] },
  { filter: 'duplicate', label: 'Duplicates', kinds: ['duplicate'] },
  { filter: 'bot', label: 'Bots', kinds: ['bot'] },
  { filter: 'sponsored', label: 'Sponsored', kinds: ['sponsored'] },
]);

/**
 * A duration for people: `850 ms`, `2.1 s`, `4 min 5 s`, `3 h 2 min`.
 * @param {number} ms
 * @returns {string}
 */
export function formatDuration(ms) {
  if (!Number.isFinite(ms) || ms < 0) return '—';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(ms < 10_000 ? 1 : 0)} s`;
  const minutes = Math.floor(ms / 60_000);
  if (minutes < 60) return `${minutes} min ${Math.floor((ms % 60_000) / 1000)} s`;
  return `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}

/**
 * The local wall-clock time of an epoch-milliseconds instant, `HH:MM:SS.mmm`.
 * @param {number} at
 * @returns {string}
 */
export function formatClock(at) {
  const date = new Date(at);
  const two = (/** @type {number} */ n) => String(n).padStart(2, '0');
  return `${two(date.getHours())}:${two(date.getMinutes())}:${two(date.getSeconds())}.${String(date.getMilliseconds()).padStart(3, '0')}`;
}

/** Display names of the relay's destinations; others are shown as the relay names them. */
const destinationNames = /** @type {Record<string, string>} */ ({ retailrocket: 'Retail Rocket', esputnik: 'eSputnik' });

/**
 * A destination's display name: `retailrocket` → `Retail Rocket`.
 * @param {unknown} name
 * @returns {string}
 */
export function destinationName(name) {
  return destinationNames[String(name)] ?? String(name);
}

/** @param {unknown} value */
const text = (value) => (value === undefined || value === null ? '' : String(value));
/** @param {unknown} n @param {string} one @param {string} many */
const count = (n, one, many) => `${text(n)} ${Number(n) === 1 ? one : many}`;
/** @param {unknown} status */
const statusText = (status) => (Number(status) === 0 ? 'no answer' : `answered ${text(status)}`);

/** How the Sponsored Products cache answered, by the relay's `x-rrelay-cache` outcome. */
const sponsoredOutcomes = /** @type {Record<string, { label: string, tone: EntryView['tone'] }>} */ ({
  hit: { label: 'cache hit', tone: 'ok' },
  miss: { label: 'cache miss, fetched', tone: 'info' },
  stale: { label: 'stale, refreshing behind', tone: 'info' },
  'stale-if-error': { label: 'stale, upstream failed', tone: 'warn' },
  fallback: { label: 'nothing cached, upstream failed', tone: 'bad' },
});

/**
 * Words one activity entry: its filter, tone, a short label, a title and a detail line.
 * An unknown kind (a newer relay) is still shown, as its raw fields.
 * @param {ActivityEntry} entry
 * @returns {EntryView}
 */
export function describeEntry(entry) {
  const e = entry;
  switch (e.kind) {
    case 'accepted':
      return { filter: 'accepted', tone: 'ok', label: 'accepted', title: `${text(e.method)} accepted`, detail: `visitor ${text(e.visitor)}${e.eventId ? ` · event id ${text(e.eventId)}` : ''}` };
    case 'duplicate':
      return { filter: 'duplicate', tone: 'info', label: 'duplicate', title: `${text(e.method)} dropped as a duplicate`, detail: `visitor ${text(e.visitor)}${e.eventId ? ` · event id ${text(e.eventId)} seen before` : ''}` };
    case 'bot':
      return { filter: 'bot', tone: 'info', label: 'bot', title: `${count(e.events, 'event', 'events')} from a bot, not forwarded`, detail: text(e.userAgent) };
    case 'rejected':
      return { filter: 'rejected', tone: 'bad', label: 'rejected', title: `event #${text(e.index)} rejected: ${text(e.path)}`, detail: text(e.reason) };
    case 'forwarded':
      return {
        filter: 'forwarded',
        tone: 'ok',
        label: 'forwarded',
        title: `${count(e.events, 'event', 'events')} → ${destinationName(e.destination)}`,
        detail: `upstream ${statusText(e.status)}${Number(e.calls) > 1 ? ` · ${text(e.calls)} calls (a 400 split the batch)` : ''}`,
      };
    case 'retry':
      return {
        filter: 'retry',
        tone: 'warn',
        label: 'retry',
        title: `${count(e.events, 'event', 'events')} → ${destinationName(e.destination)}: upstream ${statusText(e.status)}`,
        detail: `${text(e.reason)} · next try in ${formatDuration(Number(e.retryInMs))}`,
      };
    case 'unauthorized':
      return {
        filter: 'unauthorized',
        tone: 'bad',
        label: 'unauthorized',
        title: `${destinationName(e.destination)} refused the key (${text(e.status)}): ${count(e.events, 'event', 'events')} held`,
        detail: `${text(e.reason)} · next try in ${formatDuration(Number(e.retryInMs))}`,
      };
    case 'dead_letter':
      return {
        filter: 'dead_letter',
        tone: 'bad',
        label: 'dead letter',
        title: `${text(e.method)} given up for ${destinationName(e.destination)}`,
        detail: `${Number(e.status) === 0 ? 'past the retention' : `upstream answered ${text(e.status)}`}: ${text(e.reason)} · visitor ${text(e.visitor)}`,
      };
    case 'replayed':
      return {
        filter: 'dead_letter',
        tone: 'ok',
        label: 'replayed',
        title: `${count(e.events, 'dead letter', 'dead letters')} queued again → ${destinationName(e.destination)}`,
        detail: `by an operator · partner ${text(e.partnerId)}`,
      };
    case 'dropped':
      return {
        filter: 'dead_letter',
        tone: 'info',
        label: 'dropped',
        title: `${count(e.events, 'dead letter', 'dead letters')} dropped for ${destinationName(e.destination)}`,
        detail: `by an operator · partner ${text(e.partnerId)}`,
      };
    case 'possibly_duplicated': {
      const why = e.cause === 'restart' ? `the relay stopped while the call was under way (since ${formatClock(Number(e.inFlightSince))})` : 'the call got no answer';
      const orders = Number(e.orders) > 0 ? ` · ${count(e.orders, 'order line', 'order lines')} among them` : '';
      return {
        filter: 'possibly_duplicated',
        tone: e.refusedUpstream ? 'info' : 'warn',
        label: e.refusedUpstream ? 'sent again' : 'possibly twice',
        title: `${count(e.events, 'event', 'events')} sent again → ${destinationName(e.destination)}${e.refusedUpstream ? ', which refuses repeats' : ', may count twice'}`,
        detail: `${why}${orders}`,
      };
    }
    case 'sponsored': {
      const outcome = sponsoredOutcomes[text(e.outcome)] ?? { label: text(e.outcome), tone: 'info' };
      const empty = Number(e.status) === 204;
      return {
        filter: 'sponsored',
        tone: outcome.tone,
        label: 'sponsored',
        title: `${text(e.placement)}: ${outcome.label}`,
        detail: `${empty ? '204, nothing to show' : `${text(e.status)}`} · ${formatDuration(Number(e.ms))}`,
      };
    }
    default: {
      const { kind, at, ...rest } = e;
      return { filter: text(kind), tone: 'info', label: text(kind), title: text(kind), detail: JSON.stringify(rest) };
    }
  }
}

/**
 * One dead letter of `GET /admin/dead-letters` (worker/src/operator/dead-letter-admin.ts).
 * @typedef {{ id: string, destination: string, partnerId: string, visitor: string, method: string, eventId?: string, status: number, reason: string, acceptedAt: number, at: number, fields: Record<string, unknown> }} DeadLetter
 */

/**
 * What the inspector shows of one dead letter: why it was given up, and the event.
 * @param {DeadLetter} letter
 * @returns {{ title: string, detail: string }}
 */
export function describeDeadLetter(letter) {
  const why = Number(letter.status) === 0 ? 'past the retention' : `upstream answered ${text(letter.status)}`;
  const { sessionExternalId: _visitor, timestamp: _timestamp, ...fields } = letter.fields ?? {};
  return {
    title: `${text(letter.method)} for ${destinationName(letter.destination)}: ${why}, ${text(letter.reason)}`,
    detail: `${JSON.stringify(fields)} · visitor ${text(letter.visitor)} · accepted ${formatClock(Number(letter.acceptedAt))}`,
  };
}

/**
 * Adds newly polled entries to those shown: no entry twice (polls overlap by a
 * millisecond so none is missed), newest first, at most `max`.
 * @param {readonly ActivityEntry[]} shown
 * @param {readonly ActivityEntry[]} polled
 * @param {number} max
 * @returns {ActivityEntry[]}
 */
export function mergeEntries(shown, polled, max) {
  const seen = new Set(shown.map((entry) => JSON.stringify(entry)));
  const fresh = polled.filter((entry) => {
    const key = JSON.stringify(entry);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  return [...fresh, ...shown].sort((a, b) => b.at - a.at).slice(0, max);
}

/**
 * The counters at the top, from `GET /health/report`.
 * @param {{ counts?: Record<string, number>, oldestPendingAgeMs?: number | null } | null} report
 * @returns {{ key: string, label: string, value: string, tone: EntryView['tone'] }[]}
 */
export function healthCounters(report) {
  const counts = report?.counts ?? {};
  /** @param {string} key */
  const n = (key) => Number(counts[key] ?? 0);
  const age = report?.oldestPendingAgeMs;
  return [
    { key: 'accepted', label: 'Accepted', value: n('accepted').toLocaleString('en'), tone: 'ok' },
    { key: 'rejected', label: 'Rejected', value: n('rejected').toLocaleString('en'), tone: n('rejected') ? 'bad' : 'info' },
    { key: 'duplicates', label: 'Duplicates', value: n('duplicates').toLocaleString('en'), tone: 'info' },
    { key: 'botFiltered', label: 'Bots filtered', value: n('botFiltered').toLocaleString('en'), tone: 'info' },
    { key: 'forwarded', label: 'Forwarded', value: n('forwarded').toLocaleString('en'), tone: 'ok' },
    { key: 'retried', label: 'Retried', value: n('retried').toLocaleString('en'), tone: n('retried') ? 'warn' : 'info' },
    { key: 'deadLettered', label: 'Dead-lettered', value: n('deadLettered').toLocaleString('en'), tone: n('deadLettered') ? 'bad' : 'info' },
    { key: 'deadLetters', label: 'Awaiting replay', value: n('deadLetters').toLocaleString('en'), tone: n('deadLetters') ? 'bad' : 'info' },
    { key: 'possiblyDuplicated', label: 'Possibly twice', value: n('possiblyDuplicated').toLocaleString('en'), tone: n('possiblyDuplicated') ? 'warn' : 'info' },
    { key: 'pending', label: 'Pending', value: n('pending').toLocaleString('en'), tone: n('pending') ? 'warn' : 'info' },
    { key: 'oldestPending', label: 'Oldest pending', value: age === null || age === undefined ? '—' : formatDuration(age), tone: age && age > 60_000 ? 'bad' : 'info' },
  ];
}
