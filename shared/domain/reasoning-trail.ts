import * as z from 'zod';
import { oneLineSchema } from './primitives.ts';

export const REASONING_STEP_KINDS = ['THOUGHT', 'TOOL_CALL', 'OBSERVATION', 'DECISION'] as const;
export const reasoningStepKindSchema = z.enum(REASONING_STEP_KINDS);
export type ReasoningStepKind = z.infer<typeof reasoningStepKindSchema>;

/** One step of `reasoningTrail` (stable): what actually ran, with its real results; `tool` names the tool. */
export const reasoningStepSchema = z.looseObject({
  step: z.int().positive(),
  kind: reasoningStepKindSchema,
  title: oneLineSchema,
  detail: z.string(),
  tool: z.string().min(1).optional(),
});
export type ReasoningStep = z.infer<typeof reasoningStepSchema>;

/** `reasoningTrail`: steps numbered 1..n in order. */
export const reasoningTrailSchema = z.array(reasoningStepSchema).superRefine((steps, ctx) => {
  steps.forEach((step, i) => {
    if (step.step !== i + 1) {
      ctx.addIssue({
        code: 'custom',
        path: [i, 'step'],
        message: `reasoning steps must be numbered 1..${steps.length} in order: entry ${i} is step ${step.step}, expected ${i + 1}`,
        input: step.step,
      });
    }
  });
});
