import * as z from 'zod';

/**
 * What the model may write: the report's prose, never its facts. Root service, fault class,
 * confidence, affected services, severity, timeline times and evidence lines are not in this
 * schema, so no answer can set them; objects are strict, so an attempt to add them is an error.
 */

const prose = (max: number) => z.string().trim().min(1).max(max);
const oneLine = (max: number) => prose(max).regex(/^[^\r\n]*$/, { error: 'expected a single line of text' });

export const NARRATIVE_TOOL_NAME = 'write_incident_narrative';

export const timelineNarrationSchema = z.strictObject({
  index: z.int().min(0).max(999).describe('The index of the timeline entry, as given in the evidence.'),
  title: oneLine(160).describe('A short title of what happened at that moment.'),
  detail: prose(1_000).describe('One or two sentences: what the entry shows and why it matters.'),
});

/**
 * A fix is one of the engine's draft fixes, reordered, retitled and explained: its action and its
 * command are the engine's. `action` and `command` are accepted and ignored (older answers send them).
 */
export const fixNarrationSchema = z.strictObject({
  rank: z.int().min(1).max(6).describe('1 for the most urgent; ranks are 1..n in order.'),
  source: z
    .int()
    .min(1)
    .max(6)
    .optional()
    .describe('The rank of the draft fix this entry explains (default: the same rank).'),
  title: oneLine(160),
  rationale: prose(900).describe(
    'Why this fix addresses the evidence. Plain prose: no commands, links or hosts.',
  ),
  action: z.string().max(2_000).optional().describe('Ignored: the draft fix keeps its action.'),
  command: z.string().max(2_000).optional().describe('Ignored: the draft fix keeps its command.'),
});

export const whyNarrationSchema = z.strictObject({
  question: prose(300),
  answer: prose(700),
});

export const narrativeSchema = z.strictObject({
  executiveSummary: prose(1_500).describe(
    'A short paragraph for on-call engineers and managers: what fired, what failed first, the root cause as given, the impact.',
  ),
  rootCause: z
    .strictObject({
      summary: prose(900).describe('The root cause as given in FACTS, explained from the evidence.'),
    })
    .describe('Only the summary: the root service, class and confidence are fixed.'),
  severityReason: prose(500).describe('Why the given severity fits the impact shown by the evidence.'),
  timeline: z
    .array(timelineNarrationSchema)
    .max(60)
    .describe('Entries to retitle, by index; omit an entry to keep its current text.'),
  fixRecommendations: z.array(fixNarrationSchema).min(1).max(6),
  fiveWhys: z
    .array(whyNarrationSchema)
    .length(5)
    .describe('Five distinct whys, each question asking about the previous answer.'),
  systemicRootCause: prose(900).describe('The process or design gap that let this fault become an incident.'),
  counterfactual: prose(700).describe('What, had it been in place, would have prevented or contained it.'),
});
export type Narrative = z.infer<typeof narrativeSchema>;

export type NarrativeField = keyof Narrative;
export const NARRATIVE_FIELDS = Object.keys(narrativeSchema.shape) as NarrativeField[];

/** The JSON schema of the tool's input (the `$schema` key dropped: the tool spec is not a document). */
export function narrativeJsonSchema(): Record<string, unknown> {
  const { $schema: _dialect, ...schema } = z.toJSONSchema(narrativeSchema, { io: 'input' });
  return schema;
}
