// The inspector's picture of the flow: events accepted per second, upstream
// calls per second against each destination's limit, pending events and the
// oldest pending age, per destination, over the last minutes. Built from the
// health reports the page polls once a second (its counters are running
// totals, so a rate is the difference of two reports over the time between
// them). Plain SVG: no charting library, nothing for the page to load.
// Plain browser JavaScript (an ES module), type-checked through JSDoc; the
// unit test imports it in Node, so it touches no DOM.

/**
 * One destination's part of a health report, as the chart reads it.
 * @typedef {{ destination: string, partnerId?: string, calls?: number, callsPerSecondLimit?: number, pending?: number, oldestPendingAgeMs?: number | null }} DestinationSample
 */

/**
 * One poll of the health report.
 * @typedef {{ at: number, accepted: number, destinations: DestinationSample[] }} FlowSample
 */

/**
 * A line to draw: its name and its points (`at` epoch ms, `value`).
 * @typedef {{ name: string, points: { at: number, value: number }[] }} FlowLine
 */

/** How much history the charts keep and show. */
export const flowWindowMs = 5 * 60_000;

/**
 * Adds one health report to the samples, dropping those older than the window.
 * @param {readonly FlowSample[]} samples
 * @param {{ counts?: Record<string, number>, destinations?: DestinationSample[] } | null} report
 * @param {number} at
 * @returns {FlowSample[]}
 */
export function addFlowSample(samples, report, at) {
  const sample = { at, accepted: Number(report?.counts?.accepted ?? 0), destinations: report?.destinations ?? [] };
  return [...samples, sample].filter((kept) => kept.at > at - flowWindowMs);
}

/** @param {DestinationSample} d */
const lineName = (d) => (d.partnerId ? `${d.destination} · ${d.partnerId}` : d.destination);

/**
 * Per second between consecutive samples; a counter that went down (a relay
 * started afresh) counts as no traffic rather than a negative rate.
 * @param {readonly FlowSample[]} samples
 * @param {(sample: FlowSample) => number | undefined} read
 * @returns {{ at: number, value: number }[]}
 */
function ratePoints(samples, read) {
  const points = [];
  let previous = samples[0];
  for (const sample of samples.slice(1)) {
    const before = previous ? read(previous) : undefined;
    const after = read(sample);
    const seconds = previous ? (sample.at - previous.at) / 1000 : 0;
    previous = sample;
    if (before === undefined || after === undefined || seconds <= 0) continue;
    points.push({ at: sample.at, value: Math.max(0, after - before) / seconds });
  }
  return points;
}

/**
 * The four charts' lines from the samples: accepted events per second; per
 * destination and partner, upstream calls per second (with its limit), pending
 * events, and the oldest pending age in seconds.
 * @param {readonly FlowSample[]} samples
 * @returns {{ accepted: FlowLine[], calls: FlowLine[], pending: FlowLine[], oldest: FlowLine[], callLimit: number | undefined }}
 */
export function flowLines(samples) {
  const names = [...new Set(samples.flatMap((sample) => sample.destinations.map(lineName)))];
  /** @param {FlowSample} sample @param {string} name */
  const of = (sample, name) => sample.destinations.find((d) => lineName(d) === name);
  /** @param {(d: DestinationSample) => number | null | undefined} read @returns {FlowLine[]} */
  const levels = (read) =>
    names.map((name) => ({
      name,
      points: samples.flatMap((sample) => {
        const d = of(sample, name);
        const value = d ? read(d) : undefined;
        return value === undefined || value === null ? [] : [{ at: sample.at, value }];
      }),
    }));
  const limits = samples.flatMap((sample) => sample.destinations.map((d) => Number(d.callsPerSecondLimit ?? 0))).filter((limit) => limit > 0);
  return {
    accepted: [{ name: 'accepted', points: ratePoints(samples, (sample) => sample.accepted) }],
    calls: names.map((name) => ({ name, points: ratePoints(samples, (sample) => of(sample, name)?.calls) })),
    pending: levels((d) => d.pending),
    oldest: levels((d) => (d.oldestPendingAgeMs === null || d.oldestPendingAgeMs === undefined ? 0 : d.oldestPendingAgeMs / 1000)),
    callLimit: limits.length ? Math.max(...limits) : undefined,
  };
}

/** @param {string} text */
const escapeXml = (text) => text.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** @param {number} value */
const roundLabel = (value) => (value >= 100 ? Math.round(value).toLocaleString('en') : String(Math.round(value * 10) / 10));

/**
 * One chart as SVG markup: a line per series from `from` (epoch ms; by default
 * the whole window) to `now`, the y axis from 0 to the largest value (or the
 * limit, which is drawn as a dashed line).
 * @param {{ key: string, title: string, unit: string, lines: readonly FlowLine[], now: number, from?: number, limit?: number, width?: number, height?: number }} chart
 * @returns {string}
 */
export function chartSvg({ key, title, unit, lines, now, from = now - flowWindowMs, limit, width = 360, height = 120 }) {
  const pad = { left: 36, right: 8, top: 18, bottom: 14 };
  const values = lines.flatMap((line) => line.points.map((point) => point.value));
  const top = Math.max(1, limit ?? 0, ...values) * 1.1;
  const span = Math.max(1, now - from);
  const x = (/** @type {number} */ at) => pad.left + ((at - from) / span) * (width - pad.left - pad.right);
  const y = (/** @type {number} */ value) => height - pad.bottom - (value / top) * (height - pad.top - pad.bottom);
  const latest = lines.map((line) => line.points.at(-1)?.value ?? 0);
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" class="flow-chart" data-chart="${escapeXml(key)}" viewBox="0 0 ${width} ${height}" role="img" aria-label="${escapeXml(title)}">`,
    `<text class="chart-title" x="${pad.left}" y="12">${escapeXml(title)}: ${escapeXml(latest.map(roundLabel).join(' / ') || '0')} ${escapeXml(unit)}</text>`,
    `<line class="axis" x1="${pad.left}" y1="${y(0)}" x2="${width - pad.right}" y2="${y(0)}"/>`,
    `<text class="tick" x="${pad.left - 4}" y="${y(0) + 4}" text-anchor="end">0</text>`,
    `<text class="tick" x="${pad.left - 4}" y="${pad.top + 4}" text-anchor="end">${escapeXml(roundLabel(top / 1.1))}</text>`,
  ];
  if (limit !== undefined) {
    parts.push(`<line class="limit" x1="${pad.left}" y1="${y(limit)}" x2="${width - pad.right}" y2="${y(limit)}"/>`);
    parts.push(`<text class="limit-label" x="${width - pad.right}" y="${y(limit) - 3}" text-anchor="end">limit ${escapeXml(roundLabel(limit))}/s</text>`);
  }
  lines.forEach((line, index) => {
    const points = line.points.filter((point) => point.at >= from).map((point) => `${x(point.at).toFixed(1)},${y(point.value).toFixed(1)}`);
    if (points.length) parts.push(`<polyline class="series series-${index % 4}" data-series="${escapeXml(line.name)}" points="${points.join(' ')}"/>`);
  });
  parts.push('</svg>');
  return parts.join('');
}

/** The shortest span the charts show, so a page open for seconds does not stretch them. */
const shortestSpanMs = 60_000;

/**
 * The four charts of the flow, as SVG markup each, from the first sample (at
 * least the last minute, at most the window) to `now`; `lines` are
 * {@link flowLines} of the samples, when the caller has them already.
 * @param {readonly FlowSample[]} samples
 * @param {number} now
 * @param {ReturnType<typeof flowLines>} [lines]
 * @returns {string[]}
 */
export function flowCharts(samples, now, lines = flowLines(samples)) {
  const from = Math.max(now - flowWindowMs, Math.min(now - shortestSpanMs, samples[0]?.at ?? now));
  return [
    chartSvg({ key: 'accepted', title: 'Events accepted', unit: '/s', lines: lines.accepted, now, from }),
    chartSvg({ key: 'calls', title: 'Upstream calls', unit: '/s', lines: lines.calls, now, from, ...(lines.callLimit !== undefined ? { limit: lines.callLimit } : {}) }),
    chartSvg({ key: 'pending', title: 'Pending events', unit: '', lines: lines.pending, now, from }),
    chartSvg({ key: 'oldest', title: 'Oldest pending', unit: 's', lines: lines.oldest, now, from }),
  ];
}
