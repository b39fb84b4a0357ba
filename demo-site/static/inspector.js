// The event inspector's page: polls the relay's activity log and health report
// (through the server that serves this page, which holds the token) once a
// second, and shows them newest first, filtered by kind; lists the dead letters
// whenever their count changes, and replays or drops them.
import { addFlowSample, flowCharts, flowLines } from './flow-chart.js';
import { describeDeadLetter, describeEntry, destinationName, formatClock, healthCounters, inspectorFilters, mergeEntries } from './inspector-format.js';

/** @typedef {import('./inspector-format.js').ActivityEntry} ActivityEntry */

const pollMs = 1000;
const kept = 500;

/** @param {string} id */
const byId = (id) => /** @type {HTMLElement} */ (document.getElementById(id));

/**
 * @param {string} tag
 * @param {Record<string, string>} attributes
 * @param {(Node | string)[]} children
 */
function element(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
  node.append(...children);
  return node;
}

/** @type {ActivityEntry[]} */
let entries = [];
/** @type {import('./flow-chart.js').FlowSample[]} */
let flowSamples = [];
let paused = false;
let firstPoll = true;
/** @type {Set<string>} */
const shownFilters = new Set(inspectorFilters.map((f) => f.filter));

function renderFilters() {
  const box = byId('filters');
  for (const { filter, label } of inspectorFilters) {
    const input = /** @type {HTMLInputElement} */ (element('input', { type: 'checkbox', name: 'kind', value: filter }));
    input.checked = true;
    input.addEventListener('change', () => {
      if (input.checked) shownFilters.add(filter);
      else shownFilters.delete(filter);
      for (const row of /** @type {NodeListOf<HTMLElement>} */ (document.querySelectorAll('.entry'))) row.hidden = !shownFilters.has(row.dataset.filter ?? '');
    });
    box.append(element('label', { class: 'filter', 'data-filter': filter }, input, element('span', {}, label, element('em', { 'data-count': filter }, '0'))));
  }
}

/** @param {ActivityEntry} entry @param {boolean} isNew */
function entryRow(entry, isNew) {
  const view = describeEntry(entry);
  const row = element(
    'li',
    { class: isNew ? 'entry new' : 'entry', 'data-kind': entry.kind, 'data-filter': view.filter, 'data-tone': view.tone },
    element('time', { datetime: new Date(entry.at).toISOString() }, formatClock(entry.at)),
    element('span', { class: 'kind' }, view.label),
    element('div', { class: 'entry-text' }, element('strong', {}, view.title), element('small', {}, view.detail)),
  );
  row.hidden = !shownFilters.has(view.filter);
  return row;
}

/** @param {ActivityEntry[]} before */
function renderFeed(before) {
  const old = new Set(before.map((entry) => JSON.stringify(entry)));
  byId('feed').replaceChildren(...entries.map((entry) => entryRow(entry, !firstPoll && !old.has(JSON.stringify(entry)))));
  byId('feed-empty').hidden = entries.length > 0;
  /** @type {Record<string, number>} */
  const counts = {};
  for (const entry of entries) {
    const filter = describeEntry(entry).filter;
    counts[filter] = (counts[filter] ?? 0) + 1;
  }
  for (const badge of /** @type {NodeListOf<HTMLElement>} */ (document.querySelectorAll('[data-count]'))) badge.textContent = String(counts[badge.dataset.count ?? ''] ?? 0);
}

/** @param {any} report */
function renderHealth(report) {
  byId('counters').replaceChildren(
    ...healthCounters(report).map((c) => element('div', { class: 'counter', 'data-counter': c.key, 'data-tone': c.tone }, element('span', {}, c.label), element('strong', {}, c.value))),
  );
  byId('alerts').replaceChildren(
    ...(report.alerts ?? []).map((/** @type {string} */ alert) => element('p', { class: 'alert' }, alert)),
    ...(report.notices ?? []).map((/** @type {string} */ notice) => element('p', { class: 'notice' }, notice)),
  );
  byId('destinations').replaceChildren(
    ...(report.destinations ?? []).map((/** @type {any} */ d) =>
      element('span', { class: 'destination', 'data-state': d.state }, element('b', {}, destinationName(d.destination)), ` · ${String(d.state).replace('_', ' ')} · ${d.pending} pending`),
    ),
  );
}

/** Redraws the flow charts from the health reports polled so far (markup built by flow-chart.js, its text escaped). */
function renderFlow() {
  const lines = flowLines(flowSamples);
  byId('flow').innerHTML = flowCharts(flowSamples, Date.now(), lines).join('');
  byId('flow-legend').replaceChildren(
    ...lines.calls.map((line, index) => {
      const [destination = line.name, partner] = line.name.split(' · ');
      return element('span', { class: `legend series-${index % 4}` }, destinationName(destination), partner ? ` · ${partner}` : '');
    }),
  );
}

/** @type {import('./inspector-format.js').DeadLetter[]} */
let deadLetters = [];
/** The dead letters waiting, as the last health report counted them: the list is read again when it changes. */
let deadLettersWaiting = -1;

function renderDeadLetters() {
  byId('dead-letters-section').hidden = deadLetters.length === 0 && deadLettersWaiting <= 0;
  byId('dead-letters').replaceChildren(
    ...deadLetters.map((letter) => {
      const view = describeDeadLetter(letter);
      const replay = element('button', { type: 'button', class: 'secondary', 'data-action': 'replay' }, 'Replay');
      const drop = element('button', { type: 'button', class: 'secondary', 'data-action': 'drop' }, 'Drop');
      replay.addEventListener('click', () => void act('replay', [letter.id]));
      drop.addEventListener('click', () => void act('drop', [letter.id]));
      return element(
        'li',
        { class: 'entry dead-letter', 'data-id': letter.id, 'data-tone': 'bad' },
        element('time', { datetime: new Date(letter.at).toISOString() }, formatClock(letter.at)),
        element('span', { class: 'kind' }, 'dead letter'),
        element('div', { class: 'entry-text' }, element('strong', {}, view.title), element('small', {}, view.detail)),
        element('span', { class: 'actions' }, replay, drop),
      );
    }),
  );
}

async function readDeadLetters() {
  deadLetters = (await readFeed('/inspector/dead-letters?limit=100')).deadLetters ?? [];
  renderDeadLetters();
}

/**
 * Replays or drops dead letters by id, says what the relay did, and reads the list again.
 * @param {'replay' | 'drop'} action @param {string[]} ids
 */
async function act(action, ids) {
  if (ids.length === 0) return;
  const note = byId('dead-letters-note');
  try {
    const response = await fetch(`/inspector/dead-letters/${action}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ ids }) });
    const body = await response.json().catch(() => ({}));
    if (!response.ok) throw new Error(body?.error?.reason ?? `the relay answered ${response.status}`);
    note.textContent =
      action === 'replay'
        ? `${body.replayed} replayed${body.alreadyAccepted ? `, ${body.alreadyAccepted} already accepted again (not sent twice)` : ''}${body.notServed ? `, ${body.notServed} for a destination that no longer serves the partner` : ''}.`
        : `${body.dropped} dropped.`;
  } catch (error) {
    note.textContent = `${action} failed: ${/** @type {Error} */ (error).message}`;
  }
  await readDeadLetters();
}

/** @param {'connecting' | 'live' | 'paused' | 'error'} state @param {string} text */
function setLive(state, text) {
  const live = byId('live');
  live.dataset.state = state;
  byId('live-text').textContent = text;
}

/** @param {string} path */
async function readFeed(path) {
  const response = await fetch(path, { cache: 'no-store' });
  const body = await response.json().catch(() => ({}));
  if (!response.ok) throw new Error(body?.error?.reason ?? `the relay answered ${response.status}`);
  return body;
}

async function poll() {
  if (paused) return;
  try {
    const newest = entries[0]?.at;
    const query = newest === undefined ? 'limit=200' : `limit=500&since=${newest - 1}`;
    const [activity, report] = await Promise.all([readFeed(`/inspector/activity?${query}`), readFeed('/inspector/health')]);
    const before = entries;
    entries = mergeEntries(entries, activity.entries ?? [], kept);
    if (firstPoll || (activity.entries ?? []).length > 0) renderFeed(before);
    renderHealth(report);
    const waiting = Number(report.counts?.deadLetters ?? 0);
    if (waiting !== deadLettersWaiting) {
      deadLettersWaiting = waiting;
      await readDeadLetters();
    }
    flowSamples = addFlowSample(flowSamples, report, Date.now());
    renderFlow();
    firstPoll = false;
    setLive('live', 'live');
  } catch (error) {
    setLive('error', /** @type {Error} */ (error).message);
  }
}

renderFilters();
renderFeed([]);
byId('replay-all').addEventListener('click', () => void act('replay', deadLetters.map((letter) => letter.id)));
byId('drop-all').addEventListener('click', () => void act('drop', deadLetters.map((letter) => letter.id)));
byId('pause').addEventListener('click', (event) => {
  paused = !paused;
  /** @type {HTMLButtonElement} */ (event.currentTarget).textContent = paused ? 'Resume' : 'Pause';
  setLive(paused ? 'paused' : 'connecting', paused ? 'paused' : 'resuming…');
});

// One poll at a time: the next starts a second after the last one ended.
async function pollForever() {
  await poll();
  setTimeout(pollForever, pollMs);
}
void pollForever();
