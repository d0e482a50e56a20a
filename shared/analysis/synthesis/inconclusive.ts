import type { Why } from '../../domain/five-whys.ts';
import { joinList, type NarrativeContext } from './context.ts';

/** The five whys of an inconclusive analysis: honest about the missing evidence and what would supply it. */
export function inconclusiveWhys(c: NarrativeContext, symptomQuestion: string): Why[] {
  const seen = c.input.affected.map((a) => a.service);
  const n = c.input.errorCount;
  const errors =
    n === 0
      ? 'no new error line at all, so nothing in the logs'
      : `${n} new error line${n === 1 ? '' : 's'}, but none`;
  return [
    {
      question: symptomQuestion,
      answer: `The evidence does not say: the window holds ${errors} precedes the alarm and explains it${seen.length > 0 ? `; what changed in ${joinList(seen)} does not account for it` : ''}.`,
    },
    {
      question: 'Why do the logs not show the cause?',
      answer:
        'Because the alarm’s metric can move without any service logging an error (latency, traffic, a resource counter), or the component that failed writes to a log group that was not read.',
    },
    {
      question: 'Why was the log of the failing component not read?',
      answer:
        'Because the analysis reads only the log groups it is given or that the alarm’s dimensions name, and nothing links this alarm to the log groups of the resource it measures.',
    },
    {
      question: 'Why does nothing link the alarm to the logs of its resource?',
      answer:
        'Because the alarm is defined by its metric alone: no tag or dimension names the owning service, and no catalogue maps services to their log groups and recent changes.',
    },
    {
      question: 'What would be needed to name a cause?',
      answer: `The alarm’s metric around the time it fired, the log groups of the resource behind the metric and of its dependencies, and the changes (CloudTrail events, deployments) of the hour before${c.change ? `, starting with ${c.change}` : ''}; a new signal that precedes the alarm there would be the candidate cause.`,
    },
  ];
}

export function inconclusiveSystemic(c: NarrativeContext): string {
  return `The evidence names no cause, and that is itself the systemic finding: the alarm fired on a metric whose cause left no new error in the logs read${c.change ? ` (only ${c.change} stands out, with nothing tying it to the alarm)` : ''}, because nothing links the alarm to the service that owns the metric, its log groups and its recent changes.`;
}

export function inconclusiveCounterfactual(): string {
  return 'Had the alarm carried the name of its owning service and had the log groups and change history of that service been linked to it, this analysis would have read the evidence that moved the metric, and could have named a cause or shown the alarm to be noise, instead of ending inconclusive.';
}
