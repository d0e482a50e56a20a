import { describe, expect, it } from 'vitest';
import { awsConsoleLinks } from '../../../shared/console/aws-links.ts';
import type { Report } from '../../../shared/domain/report.ts';
import { d02Report } from '../domain/d02-report.fixture.ts';

/** A small report of our own: an alarm on a queue, two log groups, a window of 40 minutes. */
function queueReport(): Report {
  const report = structuredClone(d02Report());
  report.alarm = {
    ...report.alarm,
    name: 'orders queue: depth > 1k (p1)',
    region: 'ap-southeast-2',
    metric: {
      namespace: 'AWS/SQS',
      name: 'ApproximateNumberOfMessagesVisible',
      dimensions: { QueueName: 'orders-fifo.fifo' },
      stat: 'Maximum',
      period: 60,
    },
  };
  report.stats = {
    ...report.stats,
    logGroups: ['/aws/lambda/order-consumer', '/ecs/orders api'],
    windowStart: '2026-09-01T10:00:00.000Z',
    windowEnd: '2026-09-01T10:40:00.000Z',
  };
  report.evidence.lines = [];
  return report;
}

/** The JSURL-like value as the AWS console writes it, decoded back. */
const consoleDecode = (value: string) => decodeURIComponent(value.replace(/\*/g, '%'));

describe('awsConsoleLinks', () => {
  const links = awsConsoleLinks(queueReport());
  const byLabel = (prefix: string) => links.filter((l) => l.label.startsWith(prefix));

  it('links the alarm by its name, percent-encoded, in the alarm region', () => {
    const [alarm] = byLabel('Alarm');
    expect(alarm?.href).toBe(
      'https://ap-southeast-2.console.aws.amazon.com/cloudwatch/home?region=ap-southeast-2#alarmsV2:alarm/orders%20queue%3A%20depth%20%3E%201k%20(p1)',
    );
  });

  it('gives each log group a Logs Insights query over the analysis window', () => {
    const insights = byLabel('Logs Insights');
    expect(insights.map((l) => l.label)).toEqual([
      'Logs Insights: /aws/lambda/order-consumer',
      'Logs Insights: /ecs/orders api',
    ]);
    for (const [i, group] of ['/aws/lambda/order-consumer', '/ecs/orders api'].entries()) {
      const url = new URL(insights[i]?.href ?? '');
      expect(url.host).toBe('ap-southeast-2.console.aws.amazon.com');
      expect(url.hash.startsWith('#logsV2:logs-insights$3FqueryDetail$3D~(')).toBe(true);
      expect(url.hash).not.toMatch(/[ %"<>]/);
      const detail = decodeURIComponent(url.hash.slice('#logsV2:logs-insights'.length).replace(/\$/g, '%'));
      const source = /~source~\(~'([^)~]*)\)\)$/.exec(detail)?.[1] ?? '';
      expect(consoleDecode(source)).toBe(group);
      const start = /~start~'([^~]*)~/.exec(detail)?.[1] ?? '';
      const end = /~\(end~'([^~]*)~/.exec(detail)?.[1] ?? '';
      expect([consoleDecode(start), consoleDecode(end)]).toEqual([
        '2026-09-01T10:00:00.000Z',
        '2026-09-01T10:40:00.000Z',
      ]);
    }
  });

  it("links the alarm's metric and the traces of the window", () => {
    const [metric] = byLabel('Metric');
    const graph = decodeURIComponent(
      new URL(metric?.href ?? '').hash.slice('#metricsV2'.length).replace(/\$/g, '%'),
    );
    expect(graph).toContain(
      "~(metrics~(~(~'AWS*2FSQS~'ApproximateNumberOfMessagesVisible~'QueueName~'orders-fifo.fifo))",
    );
    expect(graph).toContain("~stat~'Maximum~period~60)");
    const [traces] = byLabel('X-Ray');
    expect(traces?.href).toContain(
      "#xray:traces/query?~(query~()~context~(timeRange~(end~'2026-09-01T10*3A40*3A00.000Z",
    );
  });

  it('makes no link from a region that is not a region name, nor for a log group that is not a name', () => {
    const hostile = queueReport();
    hostile.alarm.region = 'evil.example/x?';
    expect(awsConsoleLinks(hostile)).toEqual([]);
    const odd = queueReport();
    odd.stats.logGroups = ['/ok/group', '/bad"><script>'];
    expect(
      awsConsoleLinks(odd)
        .filter((l) => l.label.startsWith('Logs Insights'))
        .map((l) => l.label),
    ).toEqual(['Logs Insights: /ok/group']);
  });
});
