import type { Report } from '../domain/report.ts';
import type { Chart } from '../domain/report-visuals.ts';
import { parseTimestamp } from '../domain/timestamp.ts';
import type { ChartInput, MapInput } from './svg-chart.ts';

/** The report's optional picture fields, read defensively (reports written before them have none). */

export function chartsOf(report: Report): Chart[] {
  return Array.isArray(report.charts) ? report.charts : [];
}

/** The picture of the first screen: the alarm's metric when the report has it, else the error lines. */
export function mainChart(report: Report): Chart | null {
  const charts = chartsOf(report);
  return (
    charts.find((c) => c.kind === 'alarm-metric') ?? charts.find((c) => c.kind === 'service-errors') ?? null
  );
}

const ms = (iso: string) => parseTimestamp(iso) ?? Number.NaN;

export function toChartInput(chart: Chart): ChartInput {
  return {
    title: chart.title,
    unit: chart.unit,
    series: chart.series.map((s) => ({
      label: s.label,
      points: s.points.map((p) => ({ at: ms(p.at), value: p.value })),
    })),
    threshold: chart.threshold ?? null,
    markers: chart.markers.map((m) => ({ at: ms(m.at), label: m.label, kind: m.kind })),
  };
}

export function mapOf(report: Report): MapInput | null {
  const m = report.serviceMap;
  return m && m.nodes.length > 0 ? { nodes: m.nodes, edges: m.edges } : null;
}

/** The impact line, or null for reports without phases. */
export function impactText(report: Report): string | null {
  return report.impact?.text ?? null;
}

/** A short text account of a chart for renderings without pictures (Markdown, e-mail). */
export function chartText(chart: Chart): string {
  const peaks = chart.series.map((s) => {
    const top = s.points.reduce<{ at: string; value: number } | null>(
      (m, p) => (!m || p.value > m.value ? p : m),
      null,
    );
    return top ? `${s.label} peaks at ${top.value} (${top.at.slice(11, 16)} UTC)` : `${s.label}: no data`;
  });
  return `${chart.title} (${chart.unit}): ${peaks.join('; ')}.`;
}
