import type { Why } from '../../domain/five-whys.ts';
import { buildContext, isInconclusive, joinList, type NarrativeContext, sentence } from './context.ts';
import { inconclusiveWhys } from './inconclusive.ts';
import type { NarrativeInput } from './narrative-input.ts';
import { storyOf } from './stories.ts';

function symptomQuestion(c: NarrativeContext): string {
  const services = [...new Set(c.input.affected.map((a) => a.service))];
  if (services.length === 0 && c.input.rootService === null) return 'Why did the alarm fire?';
  const where = services.length > 0 ? joinList(services) : c.root;
  const minutes = Math.max(1, Math.round(c.input.durationMinutes));
  if (c.input.errorCount <= 0) return `Why did the alarm fire for ${where}?`;
  const lines = `${c.input.errorCount} new error line${c.input.errorCount === 1 ? '' : 's'}`;
  return `Why did the alarm fire, with ${lines} in ${where} over ${minutes} minute${minutes === 1 ? '' : 's'}?`;
}

function propagation(c: NarrativeContext): string {
  if (!c.callerList) return '';
  return `, and ${c.callerList}, which depend${c.callers.length === 1 ? 's' : ''} on it, failed in turn`;
}

/**
 * Exactly five whys, each asking about the previous answer: the alarm's symptom, the root's
 * failure, its mechanism, the missing guardrail, and the process or design behind it.
 */
export function fiveWhys(input: NarrativeInput): Why[] {
  return whys(buildContext(input)).map((w) => ({
    question: sentence(w.question),
    answer: sentence(w.answer),
  }));
}

function whys(c: NarrativeContext): Why[] {
  const faultClass = c.input.faultClass;
  if (isInconclusive(c.input) || faultClass === 'unknown') return inconclusiveWhys(c, symptomQuestion(c));
  const story = storyOf(c.input, faultClass);
  const state = story.state(c);
  return [
    {
      question: symptomQuestion(c),
      answer: `Because ${c.root} was ${state}: ${c.input.signalService ? `the logs of ${c.input.signalService}` : 'its logs'} show ${c.signal}${story.propagation?.(c) ?? propagation(c)}.`,
    },
    { question: `Why was ${c.root} ${state}?`, answer: story.mechanism(c) },
    { question: story.causeQuestion(c), answer: story.cause(c) },
    { question: story.guardQuestion(c), answer: story.guardrail(c) },
    { question: story.designQuestion(c), answer: story.design(c) },
  ];
}
