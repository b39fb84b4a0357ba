import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { addFlowSample, chartSvg, flowCharts, flowLines, flowWindowMs } from './static/flow-chart.js';

const report = (accepted: number, calls: number, pending: number, oldestPendingAgeMs: number | null) => ({
  counts: { accepted },
  destinations: [{ destination: 'retailrocket', partnerId: 'p1', calls, callsPerSecondLimit: 50, pending, oldestPendingAgeMs }],
});

describe('flow charts', () => {
  it('turns the health report\'s running totals into rates per second, and keeps five minutes', () => {
    let samples = addFlowSample([], report(100, 10, 40, 800), 0);
    samples = addFlowSample(samples, report(300, 12, 10, 200), 2000);
    samples = addFlowSample(samples, report(20, 12, 0, null), 3000); // a relay started afresh: no negative rate
    const lines = flowLines(samples);
    assert.deepEqual(lines.accepted[0]!.points, [{ at: 2000, value: 100 }, { at: 3000, value: 0 }]);
    assert.deepEqual(lines.calls[0], { name: 'retailrocket · p1', points: [{ at: 2000, value: 1 }, { at: 3000, value: 0 }] });
    assert.deepEqual(lines.pending[0]!.points.map((p) => p.value), [40, 10, 0]);
    assert.deepEqual(lines.oldest[0]!.points.map((p) => p.value), [0.8, 0.2, 0]);
    assert.equal(lines.callLimit, 50);
    assert.equal(addFlowSample(samples, report(20, 12, 0, null), flowWindowMs + 2500).length, 2);
  });

  it('draws a line per series and the limit as a dashed line, escaping every text', () => {
    const svg = chartSvg({ key: 'calls', title: 'Upstream <calls>', unit: '/s', now: 10_000, limit: 50, lines: [{ name: 'a"b', points: [{ at: 5000, value: 10 }, { at: 9000, value: 45 }] }] });
    assert.match(svg, /^<svg [^>]*data-chart="calls"/);
    assert.match(svg, /<line class="limit"/);
    assert.match(svg, /limit 50\/s/);
    assert.match(svg, /<polyline class="series series-0" data-series="a&#34;b" points="[\d.]+,[\d.]+ [\d.]+,[\d.]+"\/>/);
    assert.ok(svg.includes('Upstream &#60;calls&#62;: 45 /s'));
    assert.ok(!svg.includes('<calls>'));
  });

  it('gives four charts, the calls chart with the limit', () => {
    const samples = [report(0, 0, 0, null), report(50, 5, 3, 1000)].map((r, i) => ({ at: i * 1000, accepted: r.counts.accepted, destinations: r.destinations }));
    const charts = flowCharts(samples, 1000);
    assert.deepEqual(charts.map((svg) => svg.match(/data-chart="(\w+)"/)![1]), ['accepted', 'calls', 'pending', 'oldest']);
    assert.match(charts[1]!, /class="limit"/);
    assert.doesNotMatch(charts[0]!, /class="limit"/);
  });
});
