/**
 * Masking cost per line (`node bin/run-ts.js bench/redact-bench.ts`): prints figures, asserts nothing.
 * Every event is masked as it is read, so this is a per-line tax on the whole analysis: ordinary
 * lines (the generated window's templates) must cost next to nothing, lines with secrets a little.
 */
import { maskEvent, redact } from '../shared/analysis/redact/index.ts';
import { generateMessages } from './generate-messages.ts';

const COUNT = 1_000_000;
const ordinary = [...generateMessages(COUNT, 7)];
const secrets = [
  'login ok user=bob password=hunter2 from 203.0.113.9',
  'POST https://hooks.slack.com/services/T0000AAAA/B0000BBBB/abcdefghijklmnopqrstuvwx 200',
  'Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJib2IifQ.c2lnbmF0dXJl',
  'connecting to postgres://app:s3cr/et@db.internal:5432/orders',
];
const mixed = ordinary.map((line, i) => (i % 100 === 0 ? `${line} ${secrets[i % secrets.length]}` : line));

function time(label: string, lines: readonly string[]): void {
  let changed = 0;
  for (let i = 0; i < 50_000; i++) redact(lines[i] as string); // warm-up
  const t = performance.now();
  for (const line of lines) if (redact(line).text !== line) changed++;
  const ms = performance.now() - t;
  console.log(
    `${label}: ${((ms * 1e6) / lines.length).toFixed(0)} ns/line (${lines.length} lines, ${changed} masked, ${ms.toFixed(0)} ms)`,
  );
}

/** The reference: JSON.parse of each line as a CloudWatch event, what reading logs.jsonl costs anyway. */
function parseReference(lines: readonly string[]): number {
  const json = lines.map((message, i) =>
    JSON.stringify({
      logGroup: '/ecs/orders-api',
      logStream: `s-${i % 64}`,
      timestamp: 1_779_621_606_224 + i,
      message,
    }),
  );
  let n = 0;
  const t = performance.now();
  for (const line of json) n += (JSON.parse(line) as { message: string }).message.length;
  const ms = performance.now() - t;
  console.log(
    `JSON.parse of the same lines as events: ${((ms * 1e6) / lines.length).toFixed(0)} ns/line (${n > 0 ? 'ok' : ''})`,
  );
  return ms;
}

/** What the door costs per event: message, log group and log stream. */
function timeEvents(lines: readonly string[]): void {
  const events = lines.map((message, i) => ({
    logGroup: `/ecs/service-${i % 8}`,
    logStream: `service-${i % 8}/task-${i % 500}`,
    timestamp: 1_779_621_606_224 + i,
    message,
  }));
  const t = performance.now();
  let changed = 0;
  for (const e of events) if (maskEvent(e) !== e) changed++;
  const ms = performance.now() - t;
  console.log(
    `maskEvent on ordinary events: ${((ms * 1e6) / events.length).toFixed(0)} ns/event (${changed} changed)`,
  );
}

parseReference(ordinary);
timeEvents(ordinary);
time('ordinary lines', ordinary);
time('1% with a secret', mixed);
parseReference(ordinary);
