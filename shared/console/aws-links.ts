import type { Report } from '../domain/report.ts';

/** A link into the AWS console for the people handling an incident. */
export interface AwsConsoleLink {
  label: string;
  href: string;
}

/** At most this many Logs Insights links (one per log group); a report may name many groups. */
export const MAX_LOG_GROUP_LINKS = 10;

// Region names as AWS writes them (us-east-1, ap-southeast-2, us-gov-west-1, eu-isoe-west-1).
const REGION = /^[a-z]{2}(?:-[a-z]+)+-\d{1,2}$/;
const LOG_GROUP = /^[\w ./#-]{1,512}$/;

/**
 * The AWS console's own encoding of the values inside a `#logsV2:` or `#metricsV2:` fragment
 * (JSURL-like): strings start with `'`, and every character but letters, digits and `-._` is
 * written `*xx` (its percent-escape with `*` for `%`), so the value never ends the fragment's
 * `~(...)` structure early.
 */
function consoleValue(text: string): string {
  const escaped = encodeURIComponent(text).replace(/[!'()*~]/g, (c) => `%${c.charCodeAt(0).toString(16)}`);
  return `'${escaped.replace(/%/g, '*')}`;
}

/** A `#logsV2:`/`#metricsV2:` fragment's detail part: percent-escaped with `$` for `%`. */
const fragmentDetail = (text: string): string => encodeURIComponent(text).replace(/%/g, '$');

function consoleHome(region: string): string {
  return `https://${region}.console.aws.amazon.com/cloudwatch/home?region=${region}`;
}

function logsInsightsLink(region: string, logGroup: string, start: string, end: string): AwsConsoleLink {
  const query = 'fields @timestamp, @logStream, @message\n| sort @timestamp asc\n| limit 1000';
  const detail =
    `~(end~${consoleValue(end)}~start~${consoleValue(start)}~timeType~'ABSOLUTE~tz~'UTC` +
    `~editorString~${consoleValue(query)}~source~(~${consoleValue(logGroup)}))`;
  return {
    label: `Logs Insights: ${logGroup}`,
    href: `${consoleHome(region)}#logsV2:logs-insights${fragmentDetail(`?queryDetail=${detail}`)}`,
  };
}

function metricLink(report: Report, region: string, start: string, end: string): AwsConsoleLink | null {
  const metric = report.alarm.metric;
  if (!metric) return null;
  const dimensions = Object.entries(metric.dimensions).flatMap(([name, value]) => [
    consoleValue(name),
    consoleValue(String(value)),
  ]);
  const series = [consoleValue(metric.namespace), consoleValue(metric.name), ...dimensions].join('~');
  const graph =
    `~(metrics~(~(~${series}))~region~${consoleValue(region)}~start~${consoleValue(start)}` +
    `~end~${consoleValue(end)}${metric.stat ? `~stat~${consoleValue(metric.stat)}` : ''}` +
    `${metric.period ? `~period~${Math.round(metric.period)}` : ''})`;
  return {
    label: `Metric: ${metric.namespace} ${metric.name}`,
    href: `${consoleHome(region)}#metricsV2${fragmentDetail(`?graph=${graph}`)}`,
  };
}

/**
 * Links to the incident in the AWS console: the alarm, a Logs Insights query of the analysis
 * window for each log group read, the alarm's metric over the window, and the X-Ray traces of the
 * window. Built only from the report's alarm and window; none when the region is not a region
 * name (the alarm fields are untrusted), and a log group that is not a log group name gets none.
 */
export function awsConsoleLinks(report: Report): AwsConsoleLink[] {
  const { region, name } = report.alarm;
  if (!REGION.test(region)) return [];
  const start = report.stats.windowStart;
  const end = report.stats.windowEnd;
  const links: AwsConsoleLink[] = [
    {
      label: `Alarm: ${name}`,
      href: `${consoleHome(region)}#alarmsV2:alarm/${encodeURIComponent(name)}`,
    },
  ];
  const groups = [...new Set([...report.stats.logGroups, ...report.evidence.lines.map((l) => l.logGroup)])]
    .filter((g) => LOG_GROUP.test(g))
    .slice(0, MAX_LOG_GROUP_LINKS);
  links.push(...groups.map((group) => logsInsightsLink(region, group, start, end)));
  const metric = metricLink(report, region, start, end);
  if (metric) links.push(metric);
  links.push({
    label: 'X-Ray traces of the window',
    href: `${consoleHome(region)}#xray:traces/query?~(query~()~context~(timeRange~(end~${consoleValue(end)}~start~${consoleValue(start)})))`,
  });
  return links;
}
