import { eventKey, type Ledger, type VisitorKind } from './ledger.ts';

/** What the upstream's `GET /__upstream/accepted` and `/__upstream/calls` return, as far as the verdict needs. */
export interface AcceptedCallRecord {
  method: string;
  events: { method: string; body: Record<string, unknown> }[];
}
export interface CallRecord {
  method: string;
  status: number;
  receivedAt: number;
}

/**
 * One call the relay itself reported as sent again with an unknown first
 * outcome (`GET /admin/possible-duplicates`), as far as the verdict needs.
 */
export interface ReportedResend {
  destination: string;
  cause: string;
  events: number;
  visitors: Record<string, number>;
  refusedUpstream: boolean;
}

/** The chaos run's figures and whether each check passed. */
export interface Verdict {
  sent: number;
  acknowledged: number;
  delivered: number;
  /** Extra copies upstream, all told. */
  duplicates: number;
  /** Of those, copies of a visitor's events the relay had reported as possibly duplicated (allowed). */
  explainedDuplicates: number;
  /** Every other copy: a bug, which fails the run. */
  unexplainedDuplicates: number;
  /** Events the relay reported as sent again to Retail Rocket with an unknown first outcome, by cause. */
  possiblyDuplicated: Record<string, number>;
  lost: number;
  /** Tracked in a page but never seen acknowledged (a beacon's answer is not always visible); not a loss. */
  unacknowledgedDelivered: number;
  /** Tracked or sent, never acknowledged, never delivered: by kind of visitor. */
  unacknowledgedMissing: Record<VisitorKind, number>;
  orderViolations: Record<VisitorKind, number>;
  upstreamCalls: number;
  /** Most tracking calls the upstream received in any 1000 ms window. */
  peakCallsPerSecond: number;
  upstreamRps: number;
  failures: string[];
  /** A few keys of lost or unexplained duplicated events, for a reproduction. */
  examples: { lost: string[]; duplicates: string[]; order: string[]; unacknowledgedMissing: string[] };
}

/** Most timestamps (epoch ms) in any window of `windowMs` (half-open: `[t, t + windowMs)`). */
export function peakInWindow(times: number[], windowMs = 1000): number {
  const sorted = [...times].sort((a, b) => a - b);
  let peak = 0;
  for (let end = 0, start = 0; end < sorted.length; end++) {
    while (sorted[end]! - sorted[start]! >= windowMs) start++;
    peak = Math.max(peak, end - start + 1);
  }
  return peak;
}

/**
 * Compares what the visitors sent and the relay acknowledged with what the
 * upstream accepted (events of the run's visitors only): every acknowledged
 * event delivered, each visitor's events in the order it tracked them, never
 * more than `upstreamRps` upstream calls in one second, and none twice, unless
 * the relay itself reported that visitor's events as possibly duplicated
 * (`reported`: a call under way when the relay stopped, or one that got no
 * answer): those copies are allowed, up to the number it reported per visitor.
 */
export function judge(ledger: Ledger, accepted: AcceptedCallRecord[], calls: CallRecord[], upstreamRps: number, reported: ReportedResend[] = []): Verdict {
  const deliveries = new Map<string, number>();
  const highest = new Map<string, number>();
  const orderViolations: Record<VisitorKind, number> = { http: 0, browser: 0 };
  const examples: Verdict['examples'] = { lost: [], duplicates: [], order: [], unacknowledgedMissing: [] };
  for (const call of accepted) {
    for (const event of call.events) {
      const visitor = event.body.sessionExternalId;
      const sequence = event.body.productId;
      if (event.method != 'view' || typeof visitor != 'string' || typeof sequence != 'number' || !ledger.visitors.has(visitor)) continue;
      const key = eventKey(visitor, sequence);
      deliveries.set(key, (deliveries.get(key) ?? 0) + 1);
      // A second copy is counted as a duplicate, not again as a reordering.
      if (deliveries.get(key)! > 1) continue;
      const before = highest.get(visitor) ?? 0;
      if (sequence < before) {
        orderViolations[ledger.visitors.get(visitor)!]++;
        if (examples.order.length < 5) examples.order.push(`${visitor}: ${sequence} after ${before}`);
      } else highest.set(visitor, sequence);
    }
  }
  // How many copies the relay owned up to, per visitor: only Retail Rocket's, since eSputnik refuses repeats itself.
  const allowance = new Map<string, number>();
  const possiblyDuplicated: Record<string, number> = {};
  for (const call of reported) {
    if (call.destination != 'retailrocket' || call.refusedUpstream) continue;
    possiblyDuplicated[call.cause] = (possiblyDuplicated[call.cause] ?? 0) + call.events;
    for (const [visitor, events] of Object.entries(call.visitors)) allowance.set(visitor, (allowance.get(visitor) ?? 0) + events);
  }
  let duplicates = 0;
  let explainedDuplicates = 0;
  for (const [key, times] of deliveries) {
    if (times == 1) continue;
    duplicates += times - 1;
    const visitor = key.slice(0, key.lastIndexOf(':'));
    const explained = Math.min(times - 1, allowance.get(visitor) ?? 0);
    allowance.set(visitor, (allowance.get(visitor) ?? 0) - explained);
    explainedDuplicates += explained;
    if (explained < times - 1 && examples.duplicates.length < 5) examples.duplicates.push(`${key} ×${times}`);
  }
  const unexplainedDuplicates = duplicates - explainedDuplicates;
  let lost = 0;
  for (const key of ledger.acknowledged) {
    if (!deliveries.has(key)) {
      lost++;
      if (examples.lost.length < 5) examples.lost.push(key);
    }
  }
  let unacknowledgedDelivered = 0;
  const unacknowledgedMissing: Record<VisitorKind, number> = { http: 0, browser: 0 };
  for (const [key, kind] of ledger.sent) {
    if (ledger.acknowledged.has(key)) continue;
    if (deliveries.has(key)) unacknowledgedDelivered++;
    else {
      unacknowledgedMissing[kind]++;
      if (examples.unacknowledgedMissing.length < 8) examples.unacknowledgedMissing.push(key);
    }
  }
  const tracking = calls.filter((call) => call.method != 'impressions');
  const peakCallsPerSecond = peakInWindow(tracking.map((call) => call.receivedAt));
  const order = orderViolations.http + orderViolations.browser;
  const failures: string[] = [];
  if (unexplainedDuplicates > 0) failures.push(`${unexplainedDuplicates} duplicate(s) upstream that the relay did not report as possibly duplicated`);
  if (lost > 0) failures.push(`${lost} acknowledged event(s) never delivered`);
  // The tracker's promise: every event tracked in a page arrives, whether or not its request was seen answered.
  if (unacknowledgedMissing.browser > 0) failures.push(`${unacknowledgedMissing.browser} event(s) tracked in a browser never delivered`);
  if (order > 0) failures.push(`${order} per-visitor order violation(s)`);
  if (peakCallsPerSecond > upstreamRps) failures.push(`${peakCallsPerSecond} upstream calls in one second, over UPSTREAM_RPS ${upstreamRps}`);
  if (ledger.refusals.length > 0) failures.push(`${ledger.refusals.length} send(s) refused with a 4xx: ${ledger.refusals[0]}`);
  if (ledger.acknowledged.size == 0) failures.push('nothing was acknowledged');
  return {
    sent: ledger.sent.size,
    acknowledged: ledger.acknowledged.size,
    delivered: deliveries.size,
    duplicates,
    explainedDuplicates,
    unexplainedDuplicates,
    possiblyDuplicated,
    lost,
    unacknowledgedDelivered,
    unacknowledgedMissing,
    orderViolations,
    upstreamCalls: tracking.length,
    peakCallsPerSecond,
    upstreamRps,
    failures,
    examples,
  };
}
