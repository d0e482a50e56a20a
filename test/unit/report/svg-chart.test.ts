import { describe, expect, it } from 'vitest';
import { lineChart, serviceMap } from '../../../shared/report/svg-chart.ts';

const T0 = Date.parse('2026-03-01T08:00:00Z');
const at = (minute: number) => T0 + minute * 60_000;
const HOSTILE = '<script>alert(1)</script>"&\'';

describe('lineChart', () => {
  const chart = lineChart({
    title: `Queue depth ${HOSTILE}`,
    unit: 'messages',
    series: [
      { label: `orders ${HOSTILE}`, points: [0, 1, 2, 3].map((m) => ({ at: at(m), value: m * 10 })) },
      {
        label: 'refunds',
        points: [
          { at: at(1), value: Number.NaN },
          { at: at(2), value: 4 },
        ],
      },
    ],
    threshold: 25,
    markers: [
      { at: at(1), label: 'first signal', kind: 'first-signal' },
      { at: at(2), label: `alarm ${HOSTILE}`, kind: 'alarm' },
    ],
  })?.value;

  it('is inline SVG with no script, no external reference and every label escaped', () => {
    expect(chart).toBeDefined();
    expect(chart).toMatch(/^<figure class="chart"><svg viewBox="0 0 640 200"/);
    expect(chart).not.toMatch(/<script|https?:\/\/|url\(|href=/i);
    expect(chart).toContain('&lt;script&gt;alert(1)&lt;/script&gt;&quot;&amp;&#39;');
  });

  it('draws one path per series, the threshold and each marker with its time', () => {
    expect(chart?.match(/<path /g)).toHaveLength(2);
    expect(chart).toContain('threshold 25');
    expect(chart).toContain('first signal 08:01');
    expect(chart).toContain('alarm &lt;script&gt;');
  });

  it('describes itself for screen readers: series, peak, threshold and marks', () => {
    expect(chart).toMatch(
      /role="img" aria-label="Queue depth [^"]*peak 30 messages, threshold 25; from 08:00 to 08:03 UTC; marked: first signal at 08:01/,
    );
  });

  it('draws nothing when no point is finite', () => {
    expect(
      lineChart({
        title: 't',
        unit: 'u',
        series: [{ label: 'x', points: [{ at: at(0), value: Number.NaN }] }],
        markers: [],
      }),
    ).toBeNull();
    expect(lineChart({ title: 't', unit: 'u', series: [], markers: [] })).toBeNull();
  });

  it('draws a series of one point without dividing by zero', () => {
    const one = lineChart({
      title: 't',
      unit: 'u',
      series: [{ label: 'x', points: [{ at: at(0), value: 0 }] }],
      markers: [],
    });
    expect(one?.value).not.toMatch(/NaN|Infinity/);
  });
});

describe('serviceMap', () => {
  it('places the origin first, draws an arrow per call and escapes names', () => {
    const map = serviceMap({
      nodes: [
        { service: 'db-proxy', origin: true },
        { service: 'orders', origin: false },
        { service: `web${HOSTILE}`, origin: false },
      ],
      edges: [
        { from: 'orders', to: 'db-proxy', label: '40% failed' },
        { from: `web${HOSTILE}`, to: 'orders' },
      ],
    })?.value;
    expect(map).toContain('db-proxy (origin)');
    expect(map?.match(/<polygon /g)).toHaveLength(2);
    expect(map).toContain('40% failed');
    expect(map).not.toMatch(/<script|url\(|https?:\/\//);
    expect(map).toContain('aria-label="Service map: orders calls db-proxy (40% failed)');
  });

  it('draws nothing without nodes', () => {
    expect(serviceMap({ nodes: [], edges: [] })).toBeNull();
  });
});
