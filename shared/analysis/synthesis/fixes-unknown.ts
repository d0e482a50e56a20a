import type { DraftFix, FixBuilder } from './fix-draft.ts';

/** No cause was found: the fixes are the next steps that would find one, not guesses. */
export const unknownFixes: FixBuilder = ({ c, ops }) => {
  const first = c.input.affected[0]?.service ?? null;
  const fixes: (DraftFix | null)[] = [
    {
      title: 'Check what the alarm measured when it fired',
      rationale: `The logs hold no new error that explains the alarm (${c.input.errorCount} new error lines in ${c.input.durationMinutes} minutes, none of them explaining it), so the metric itself is the first evidence to read.`,
      action:
        'Read the alarm history and its threshold, and plot the metric for the day before: a step, a slow climb and a single spike point at different causes (a change, a leak, a burst).',
      command:
        "aws cloudwatch describe-alarm-history --alarm-name <alarm-name> --history-item-type StateUpdate --max-records 10\naws cloudwatch describe-alarms --alarm-names <alarm-name> --query 'MetricAlarms[0].{metric:MetricName,threshold:Threshold,periods:EvaluationPeriods,datapoints:DatapointsToAlarm}'",
    },
    c.input.trigger
      ? {
          title: `Test whether ${c.change} explains the alarm`,
          rationale: `${c.change} came before the alarm, but no error in the logs ties it to the metric.`,
          action: `Compare the alarm's metric before and after ${c.change}; if it moved at that moment, roll the change back to confirm.`,
          command: ops.history(c.input.trigger.service),
        }
      : null,
    {
      title: 'Read the log groups of the component behind the metric',
      rationale:
        'The component that moves the metric may log to a group that was not read, or may not log the failure at all (a load balancer, a managed service).',
      action:
        'Name the log groups of the resource in the alarm dimensions (and its direct dependencies) and run the analysis again on them.',
      command:
        'npx incidentiq analyze <incident-dir> --source cloudwatch --log-groups <log-group-a>,<log-group-b>',
    },
    {
      title: 'List the changes made in the hour before the alarm',
      rationale:
        'Most incidents follow a change; one made outside the services that log (infrastructure, IAM, scaling) leaves no line in their logs.',
      action:
        'List the CloudTrail write events and deployments of the hour before the alarm and check each against the metric.',
      command:
        "aws cloudtrail lookup-events --lookup-attributes AttributeKey=ReadOnly,AttributeValue=false --start-time <alarm-time-minus-1h> --end-time <alarm-time> --query 'Events[].{time:EventTime,name:EventName,user:Username}'",
    },
    first
      ? {
          title: `Look at ${first} first`,
          rationale: `${first} is the first service whose behaviour changed in the window, even though its errors do not explain the alarm.`,
          action: `Check its health, restarts and recent events for something the logs do not say.`,
          command: ops.crashLogs(first),
        }
      : {
          title: 'Decide whether the alarm is noise',
          rationale:
            'An alarm with no matching evidence anywhere may fire on normal variation of its metric.',
          action:
            'If the metric was within its usual range, require more datapoints to alarm (e.g. 3 of 5) or alarm on a percentile instead of a single datapoint.',
        },
  ];
  return fixes.filter((f): f is DraftFix => f !== null);
};
