import { html, type SafeHtml } from './html-template.ts';

/**
 * Small line charts as inline SVG: no script, no external asset, every label escaped through the
 * `html` tag. Written against this small series type, so any source (log lines per minute, a
 * CloudWatch metric) draws the same way.
 */
export interface ChartInput {
  title: string;
  unit: string;
  series: { label: string; points: { at: number; value: number }[] }[];
  threshold?: number | null;
  markers: { at: number; label: string; kind: string }[];
}

const W = 640;
const H = 200;
const PAD = { left: 44, right: 12, top: 22, bottom: 34 };
/** Distinguishable with and without colour vision (Okabe-Ito), each also dashed differently. */
const COLOURS = ['#0072b2', '#d55e00', '#009e73', '#cc79a7'];
const DASHES = ['', '6 3', '2 3', '8 3 2 3'];
const MARKER_COLOUR: Readonly<Record<string, string>> = {
  alarm: '#a3161a',
  down: '#a3161a',
  'first-signal': '#8f3f00',
  onset: '#8f3f00',
  trigger: '#3d4753',
  recovered: '#1d6b2c',
};

const fmt = (n: number) => (Math.abs(n) >= 100 || Number.isInteger(n) ? String(Math.round(n)) : n.toFixed(1));
const hhmm = (ms: number) => new Date(ms).toISOString().slice(11, 16);

function niceMax(max: number): number {
  if (max <= 0) return 1;
  const pow = 10 ** Math.floor(Math.log10(max));
  const steps = [1, 2, 2.5, 5, 10];
  return (steps.find((s) => s * pow >= max) ?? 10) * pow;
}

/** The chart as an accessible SVG figure; null when nothing is drawable (no finite point). */
export function lineChart(chart: ChartInput): SafeHtml | null {
  const series = chart.series
    .map((s) => ({ ...s, points: s.points.filter((p) => Number.isFinite(p.at) && Number.isFinite(p.value)) }))
    .filter((s) => s.points.length > 0);
  if (series.length === 0) return null;
  const all = series.flatMap((s) => s.points);
  let t0 = Math.min(...all.map((p) => p.at));
  let t1 = Math.max(...all.map((p) => p.at));
  const markers = chart.markers.filter((m) => Number.isFinite(m.at));
  for (const m of markers) {
    t0 = Math.min(t0, m.at);
    t1 = Math.max(t1, m.at);
  }
  if (t1 === t0) t1 = t0 + 60_000;
  const threshold = chart.threshold ?? null;
  const vMax = niceMax(Math.max(...all.map((p) => p.value), threshold ?? 0));
  const vMin = Math.min(0, ...all.map((p) => p.value));
  const x = (t: number) => PAD.left + ((t - t0) / (t1 - t0)) * (W - PAD.left - PAD.right);
  const y = (v: number) => H - PAD.bottom - ((v - vMin) / (vMax - vMin || 1)) * (H - PAD.top - PAD.bottom);
  const lines = series.slice(0, COLOURS.length).map((s, i) => {
    const d = s.points
      .map((p, j) => `${j === 0 ? 'M' : 'L'}${x(p.at).toFixed(1)},${y(p.value).toFixed(1)}`)
      .join(' ');
    return html`<path d="${d}" fill="none" stroke="${COLOURS[i] ?? '#000'}" stroke-width="2" stroke-dasharray="${DASHES[i] ?? ''}"><title>${s.label}</title></path>`;
  });
  const rules = markers.map((m, i) => {
    const mx = x(m.at).toFixed(1);
    const colour = MARKER_COLOUR[m.kind] ?? '#3d4753';
    const ty = PAD.top - 6 + (i % 2) * 11;
    return html`<g class="marker"><line x1="${mx}" x2="${mx}" y1="${PAD.top}" y2="${H - PAD.bottom}" stroke="${colour}" stroke-width="1" stroke-dasharray="3 2"/><text x="${mx}" y="${ty}" font-size="10" fill="${colour}" text-anchor="middle">${m.label} ${hhmm(m.at)}</text></g>`;
  });
  const thresholdLine =
    threshold === null
      ? null
      : html`<g class="threshold"><line x1="${PAD.left}" x2="${W - PAD.right}" y1="${y(threshold).toFixed(1)}" y2="${y(threshold).toFixed(1)}" stroke="#a3161a" stroke-width="1.5" stroke-dasharray="8 4"/><text x="${W - PAD.right}" y="${(y(threshold) - 4).toFixed(1)}" font-size="10" fill="#a3161a" text-anchor="end">threshold ${fmt(threshold)}</text></g>`;
  const axes = html`<line x1="${PAD.left}" x2="${PAD.left}" y1="${PAD.top}" y2="${H - PAD.bottom}" stroke="#4a5361"/><line x1="${PAD.left}" x2="${W - PAD.right}" y1="${H - PAD.bottom}" y2="${H - PAD.bottom}" stroke="#4a5361"/><text x="${PAD.left - 4}" y="${PAD.top + 4}" font-size="10" fill="#333a44" text-anchor="end">${fmt(vMax)}</text><text x="${PAD.left - 4}" y="${H - PAD.bottom}" font-size="10" fill="#333a44" text-anchor="end">${fmt(vMin)}</text><text x="${PAD.left}" y="${H - PAD.bottom + 14}" font-size="10" fill="#333a44">${hhmm(t0)} UTC</text><text x="${W - PAD.right}" y="${H - PAD.bottom + 14}" font-size="10" fill="#333a44" text-anchor="end">${hhmm(t1)} UTC</text>`;
  const legend = series.slice(0, COLOURS.length).map((s, i) => {
    const lx = PAD.left + i * 150;
    return html`<g><line x1="${lx}" x2="${lx + 18}" y1="${H - 8}" y2="${H - 8}" stroke="${COLOURS[i] ?? '#000'}" stroke-width="2" stroke-dasharray="${DASHES[i] ?? ''}"/><text x="${lx + 22}" y="${H - 4}" font-size="10" fill="#1b1f24">${truncate(s.label, 24)}</text></g>`;
  });
  const peak = Math.max(...all.map((p) => p.value));
  const description = `${chart.title}: ${series.map((s) => s.label).join(', ')}; peak ${fmt(peak)} ${chart.unit}${threshold !== null ? `, threshold ${fmt(threshold)}` : ''}; from ${hhmm(t0)} to ${hhmm(t1)} UTC${markers.length > 0 ? `; marked: ${markers.map((m) => `${m.label} at ${hhmm(m.at)}`).join(', ')}` : ''}.`;
  return html`<figure class="chart"><svg viewBox="0 0 ${W} ${H}" width="100%" role="img" aria-label="${description}"><title>${description}</title>${axes}${thresholdLine}${rules}${lines}${legend}</svg><figcaption>${chart.title} (${chart.unit})</figcaption></figure>`;
}

function truncate(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** A filled triangle pointing at (x2, y2) along the line from (x1, y1): an arrow without SVG markers. */
function arrowHead(x1: number, y1: number, x2: number, y2: number): SafeHtml {
  const angle = Math.atan2(y2 - y1, x2 - x1);
  const at = (d: number, a: number) =>
    `${(x2 - d * Math.cos(angle + a)).toFixed(1)},${(y2 - d * Math.sin(angle + a)).toFixed(1)}`;
  return html`<polygon points="${x2.toFixed(1)},${y2.toFixed(1)} ${at(8, 0.45)} ${at(8, -0.45)}" fill="#4a5361"/>`;
}

export interface MapInput {
  nodes: { service: string; origin: boolean }[];
  edges: { from: string; to: string; label?: string }[];
}

/** The propagation path as a small left-to-right service map (callers right of what they call). */
export function serviceMap(map: MapInput): SafeHtml | null {
  if (map.nodes.length === 0) return null;
  const depth = new Map<string, number>();
  const origin = map.nodes.find((n) => n.origin)?.service ?? map.nodes[0]?.service ?? '';
  depth.set(origin, 0);
  for (let pass = 0; pass < map.nodes.length; pass++) {
    for (const e of map.edges) {
      const d = depth.get(e.to);
      if (d !== undefined && !depth.has(e.from)) depth.set(e.from, d + 1);
      const c = depth.get(e.from);
      if (c !== undefined && !depth.has(e.to)) depth.set(e.to, c + 1);
    }
  }
  const columns = new Map<number, string[]>();
  for (const n of map.nodes) {
    const d = depth.get(n.service) ?? 0;
    columns.set(d, [...(columns.get(d) ?? []), n.service]);
  }
  const colW = 170;
  const rowH = 46;
  const width = Math.max(1, columns.size) * colW + 20;
  const height = Math.max(...[...columns.values()].map((c) => c.length)) * rowH + 20;
  const pos = new Map<string, { x: number; y: number }>();
  for (const [d, names] of columns) {
    names.forEach((s, i) => {
      pos.set(s, { x: 10 + d * colW, y: 10 + i * rowH });
    });
  }
  const edges = map.edges.flatMap((e) => {
    const a = pos.get(e.from);
    const b = pos.get(e.to);
    if (!a || !b) return [];
    const [x1, y1, x2, y2] = [a.x, a.y + 15, b.x + 140, b.y + 15];
    return [
      html`<g><line x1="${x1}" y1="${y1}" x2="${x2}" y2="${y2}" stroke="#4a5361" stroke-width="1.5"/>${arrowHead(x1, y1, x2, y2)}${e.label ? html`<text x="${(a.x + b.x + 140) / 2}" y="${(a.y + b.y) / 2 + 10}" font-size="10" fill="#a3161a" text-anchor="middle">${e.label}</text>` : null}</g>`,
    ];
  });
  const nodes = map.nodes.map((n) => {
    const p = pos.get(n.service) ?? { x: 0, y: 0 };
    return html`<g><rect x="${p.x}" y="${p.y}" width="140" height="30" rx="6" fill="${n.origin ? '#fde8e8' : '#eef1f4'}" stroke="${n.origin ? '#a3161a' : '#4a5361'}" stroke-width="${n.origin ? 2 : 1}"/><text x="${p.x + 70}" y="${p.y + 19}" font-size="11" text-anchor="middle" fill="#1b1f24">${truncate(n.service, 22)}${n.origin ? ' (origin)' : ''}</text></g>`;
  });
  const label = `Service map: ${map.edges.map((e) => `${e.from} calls ${e.to}${e.label ? ` (${e.label})` : ''}`).join('; ')}; origin ${origin}.`;
  return html`<figure class="chart"><svg viewBox="0 0 ${width} ${height}" width="100%" role="img" aria-label="${label}"><title>${label}</title>${edges}${nodes}</svg><figcaption>Propagation path from the traces</figcaption></figure>`;
}
