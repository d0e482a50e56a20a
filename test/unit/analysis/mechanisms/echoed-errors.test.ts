import { describe, expect, it } from 'vitest';
import { correlate } from '../../../../shared/analysis/correlate/findings.ts';
import { computeWindows } from '../../../../shared/analysis/window.ts';
import { ALARM, byTime, line, MIN, spread } from './builders.ts';

const DB = '/aws/rds/instance/stamps-db/postgresql';
const at = (minutesBefore: number) =>
  new Date(ALARM - minutesBefore * MIN).toISOString().replace('T', ' ').slice(0, 19);
const pg = (minutesBefore: number, severity: string, text: string) =>
  line(
    DB,
    minutesBefore,
    `${at(minutesBefore)} UTC:[REDACTED:ip-address](40112):app@stamps:[811]:${severity}:  ${text}`,
  );

/** A loyalty API writing stamps to its database for an hour. */
function routine() {
  return [
    ...spread('/eks/loyalty-api', 58, 0, 400, (i) => `{"level":"info","msg":"stamp ${i} recorded"}`),
    ...spread('/eks/card-web', 58, 0, 300, (i) => `{"level":"info","msg":"GET /card ${i} 200"}`),
    ...Array.from({ length: 30 }, (_, i) => pg(58 - i * 2, 'LOG', 'checkpoint starting: time')),
  ];
}

describe("a client's error that repeats its server's own words", () => {
  it('names the server as the origin even when the client logged it first', () => {
    const failures = Array.from({ length: 40 }, (_, i) => 6 - i * 0.15);
    const events = byTime([
      ...routine(),
      // The client's line lands 300 ms before the server's (buffering), with the server's text in its exception.
      ...failures.map((m) =>
        line(
          '/eks/loyalty-api',
          m + 0.005,
          `{"level":"error","msg":"stamp insert failed","exc_info":"psycopg.errors.SequenceGeneratorLimitExceeded: nextval: reached maximum value of sequence \\"stamps_id_seq\\" (2147483647)"}`,
        ),
      ),
      ...failures.flatMap((m) => [
        pg(m, 'ERROR', 'nextval: reached maximum value of sequence "stamps_id_seq" (2147483647)'),
        pg(m, 'STATEMENT', 'INSERT INTO card (member, at) VALUES ($1, now())'),
      ]),
    ]);
    const f = correlate({ events }, computeWindows(ALARM));
    expect(f.root?.service).toBe('stamps-db');
    // The database's error is quoted, not the statement that follows it.
    expect(f.classification.evidence[0]?.pattern.samples[0]?.message).toMatch(
      /^nextval: reached maximum value/,
    );
    // The statement’s table name (card) does not make the database blame card-web.
    const ranking = f.trail.steps.find((s) => s.title === 'trace_patient_zero: ok')?.detail ?? '';
    expect(ranking).toMatch(/stamps-db: score [\d.]+ \([^)]*names others 0\.00\)/);
  });

  it('does not pass on the blame when the client failed on its own first (its pool ran dry, then the server refused it)', () => {
    const events = byTime([
      ...routine(),
      ...spread(
        '/eks/loyalty-api',
        9,
        0,
        60,
        (i) =>
          `{"level":"error","msg":"stamp ${i} failed: QueuePool limit of size 10 overflow 20 reached, connection timed out"}`,
      ),
      ...Array.from({ length: 20 }, (_, i) => pg(4 - i * 0.2, 'FATAL', 'sorry, too many clients already')),
      ...Array.from({ length: 20 }, (_, i) =>
        line(
          '/eks/loyalty-api',
          3.9 - i * 0.2,
          '{"level":"error","msg":"stamp retry failed","exc_info":"psycopg.OperationalError: connection failed: FATAL:  sorry, too many clients already"}',
        ),
      ),
    ]);
    expect(correlate({ events }, computeWindows(ALARM)).root?.service).toBe('loyalty-api');
  });
});
