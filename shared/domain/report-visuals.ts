import * as z from 'zod';
import { evidenceLineSchema } from './evidence.ts';
import { countSchema, oneLineSchema } from './primitives.ts';
import { isoTimestampSchema } from './timestamp.ts';

/**
 * The optional report fields behind the "answer first" block and the pictures (README, "Report
 * pictures and phases"). Reports written before them stay valid; renderings draw what is there.
 */

/** One point of a chart: an instant and a finite value. */
export const chartPointSchema = z.looseObject({
  at: isoTimestampSchema,
  value: z.number().finite(),
});
export type ChartPoint = z.infer<typeof chartPointSchema>;

export const chartSeriesSchema = z.looseObject({
  label: oneLineSchema,
  points: z.array(chartPointSchema).max(2000),
});
export type ChartSeries = z.infer<typeof chartSeriesSchema>;

export const CHART_MARKER_KINDS = ['onset', 'first-signal', 'alarm', 'trigger', 'down', 'recovered'] as const;

/** A moment marked on a chart (a vertical rule with its label). */
export const chartMarkerSchema = z.looseObject({
  at: isoTimestampSchema,
  kind: z.enum(CHART_MARKER_KINDS),
  label: oneLineSchema,
});
export type ChartMarker = z.infer<typeof chartMarkerSchema>;

export const CHART_KINDS = ['alarm-metric', 'service-errors', 'service-metric'] as const;
export type ChartKind = (typeof CHART_KINDS)[number];

/** One picture: the series behind it, the threshold it is judged against, and the moments marked. */
export const chartSchema = z.looseObject({
  id: z.string().regex(/^[a-z0-9-]{1,80}$/),
  kind: z.enum(CHART_KINDS),
  title: oneLineSchema,
  /** The service the chart belongs to (none for the alarm's metric). */
  service: z.string().min(1).optional(),
  /** What the values count: "error lines per minute", "Percent". */
  unit: oneLineSchema,
  series: z.array(chartSeriesSchema).min(1).max(8),
  threshold: z.number().finite().nullable().optional(),
  markers: z.array(chartMarkerSchema).max(12),
});
export type Chart = z.infer<typeof chartSchema>;

export const PHASE_KINDS = ['first-signal', 'degraded', 'down', 'recovered'] as const;
export type PhaseKind = (typeof PHASE_KINDS)[number];

/** One phase of the incident as the series show it; `end` null: still so when the data ends. */
export const phaseSchema = z.looseObject({
  kind: z.enum(PHASE_KINDS),
  start: isoTimestampSchema,
  end: isoTimestampSchema.nullable(),
  durationSeconds: countSchema.nullable(),
  /** Failed requests (or error lines where no request status is logged) in the phase. */
  failures: countSchema,
  summary: oneLineSchema,
  /** The service whose lines show the phase (the one failing, or patient zero's). */
  service: z.string().min(1).optional(),
});
export type Phase = z.infer<typeof phaseSchema>;

/** The impact line: how long degraded, how long down, how many requests failed. */
export const impactSchema = z.looseObject({
  text: oneLineSchema,
  degradedSeconds: countSchema.nullable(),
  downSeconds: countSchema.nullable(),
  failedRequests: countSchema,
  /** What `failedRequests` counts: requests with a failing status, or error lines. */
  counted: z.enum(['requests', 'error lines']),
});
export type Impact = z.infer<typeof impactSchema>;

/** The propagation path as a small map (drawn when traces give the calls). */
export const serviceMapSchema = z.looseObject({
  nodes: z.array(z.looseObject({ service: z.string().min(1), origin: z.boolean() })).max(40),
  edges: z
    .array(z.looseObject({ from: z.string().min(1), to: z.string().min(1), label: z.string().optional() }))
    .max(80),
});
export type ServiceMap = z.infer<typeof serviceMapSchema>;

/** The optional report fields, spread into the report schema. */
export const reportVisualFields = {
  /** The most telling real line behind the root cause (masked like every quote). */
  rootCauseLine: evidenceLineSchema.optional(),
  impact: impactSchema.optional(),
  phases: z.array(phaseSchema).max(8).optional(),
  charts: z.array(chartSchema).max(12).optional(),
  serviceMap: serviceMapSchema.optional(),
};
