import { type SpawnSyncReturns, spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseReport, type Report } from '../../../shared/domain/index.ts';

const projectRoot = fileURLToPath(new URL('../../../', import.meta.url));
const F01 = 'test/fixtures/incidents/f01-price-engine-heap-oom';
const STACK_FRAME = '    at ';

let dir: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'incidentiq-analyze-cli-'));
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

/** A fresh incident memory per run unless a test names one: runs stay independent of each other. */
function cli(...args: string[]): SpawnSyncReturns<string> {
  const needsHome = args[0] === 'analyze' && !args.includes('--home') && !args.includes('--help');
  const home = needsHome ? mkdtempSync(join(tmpdir(), 'incidentiq-cli-home-')) : null;
  const result = spawnSync(
    process.execPath,
    ['bin/incidentiq.js', ...args, ...(home ? ['--home', home] : [])],
    {
      cwd: projectRoot,
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
      // Quiet about an old Node (node-warning.test.ts covers that line): stderr is the command's own.
      env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
    },
  );
  if (home) rmSync(home, { recursive: true, force: true });
  if (result.error) throw result.error;
  return result;
}

/** An incident folder under the temp dir with the given files. */
function incident(name: string, files: Record<string, string>): string {
  const path = join(dir, name);
  mkdirSync(path);
  for (const [file, data] of Object.entries(files)) writeFileSync(join(path, file), data);
  return path;
}

describe('incidentiq analyze --json', () => {
  it('prints only the report JSON on stdout and its progress on stderr', () => {
    const result = cli('analyze', F01, '--json');
    expect(result.status, result.stderr).toBe(0);
    const report = JSON.parse(result.stdout) as Report;
    const schema = parseReport(report);
    expect(schema.ok, schema.ok ? '' : schema.error).toBe(true);
    expect(report.schemaVersion).toBe(1);
    expect(report.incidentId).toMatch(/^INC-[0-9a-f]{8}$/);
    expect(report.rootCause.service).toBe('price-engine');
    expect(report.rootCause.faultClass).toBe('memory_exhaustion');
    expect(report.inconclusive).toBe(false);
    expect(report.stats.linesScanned).toBe(457);
    // stdout is the JSON and nothing else: no progress, one trailing newline.
    expect(result.stdout.startsWith('{')).toBe(true);
    expect(result.stdout.endsWith('}\n')).toBe(true);
    expect(result.stdout).not.toContain('incidentiq:');
    // stderr tells the progress, prefixed, and says what was found.
    const progress = result.stderr.trimEnd().split('\n');
    expect(progress[0]).toBe(`incidentiq: analyzing ${F01} (logs from the folder)`);
    expect(result.stderr).toMatch(/incidentiq: root cause: price-engine, memory_exhaustion, confidence \d+%/);
    for (const line of progress) expect(line.startsWith('incidentiq: ')).toBe(true);
  });
});

describe('incidentiq analyze --out', () => {
  it('writes report.json, report.html, report.md and notification.txt under <out>/<incidentId>/ and says where', () => {
    // f01, with markup appended to the root-cause line (its pino msg), to see the HTML escape it.
    const markup = ' <script>alert(1)</script> & "x"';
    const logs = readFileSync(join(projectRoot, F01, 'logs.jsonl'), 'utf8')
      .split('\n')
      .map((l) => {
        if (!l) return l;
        const event = JSON.parse(l) as { message: string };
        if (event.message.includes('"msg":"matrix build slow"')) {
          const line = JSON.parse(event.message) as { msg: string };
          line.msg += markup;
          event.message = JSON.stringify(line);
        }
        return JSON.stringify(event);
      })
      .join('\n');
    expect(logs).toContain('<script>alert(1)</script>');
    const folder = incident('f01-with-markup', {
      'alarm.json': readFileSync(join(projectRoot, F01, 'alarm.json'), 'utf8'),
      'logs.jsonl': logs,
    });
    const out = join(dir, 'out');

    const result = cli('analyze', folder, '--out', out);
    expect(result.status, result.stderr).toBe(0);
    const [incidentId, ...others] = readdirSync(out);
    expect(others).toEqual([]);
    expect(incidentId).toMatch(/^INC-[0-9a-f]{8}$/);
    const written = join(out, incidentId as string);
    expect(readdirSync(written).sort()).toEqual([
      'notification.txt',
      'report.html',
      'report.json',
      'report.md',
    ]);
    expect(result.stdout).toBe(
      `Report written to ${written}/ (report.html, report.md, report.json, notification.txt)\n`,
    );
    expect(result.stderr).toContain(`incidentiq: analyzing ${folder}`);

    const report = JSON.parse(readFileSync(join(written, 'report.json'), 'utf8')) as Report;
    expect(parseReport(report).ok).toBe(true);
    expect(report.incidentId).toBe(incidentId);
    expect(report.rootCause.service).toBe('price-engine');
    expect(report.forensics.patientZero?.text).toContain('<script>alert(1)</script>');

    const html = readFileSync(join(written, 'report.html'), 'utf8');
    expect(html).toContain('price-engine');
    expect(html).toContain(incidentId);
    expect(html).not.toContain('<script>alert');
    // The quote is the raw JSON line: its double quotes stay JSON-escaped, then HTML-escaped.
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt; &amp; \\&quot;x\\&quot;');

    const md = readFileSync(join(written, 'report.md'), 'utf8');
    expect(md).toContain('price-engine');
    expect(md).toContain(incidentId);
    const notification = readFileSync(join(written, 'notification.txt'), 'utf8');
    expect(notification).toMatch(/^Subject: .*price-engine.*\n\n/);
    expect(notification).toContain(incidentId);
  });
});

describe('incidentiq analyze: errors', () => {
  it('a missing folder: exit 1, a clear message, no stack trace, nothing written', () => {
    const missing = join(dir, 'no-such-incident');
    const out = join(dir, 'out-missing');
    const result = cli('analyze', missing, '--out', out);
    expect(result.status).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe(`incidentiq: ${missing} is not an incident folder (no such directory)\n`);
    expect(result.stderr).not.toContain(STACK_FRAME);
    expect(existsSync(out)).toBe(false);
  });

  it('an alarm.json that is not JSON: exit 1, a clear message, no stack trace', () => {
    const folder = incident('broken-alarm', { 'alarm.json': '{"version": "0", ', 'logs.jsonl': '' });
    const result = cli('analyze', folder, '--json');
    expect(result.status).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/^incidentiq: \S*alarm\.json is not valid JSON: .+\n$/);
    expect(result.stderr).not.toContain(STACK_FRAME);
  });

  it('an alarm.json that is JSON but not an alarm event: exit 1, says what is wrong', () => {
    const folder = incident('not-an-alarm', {
      'alarm.json': JSON.stringify({ 'detail-type': 'EC2 Instance State-change Notification' }),
    });
    const result = cli('analyze', folder, '--json');
    expect(result.status).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain(`incidentiq: cannot analyze ${folder}: Invalid CloudWatch alarm event:`);
    expect(result.stderr).toContain('detail-type must be "CloudWatch Alarm State Change"');
    expect(result.stderr).toContain('detail is missing');
    expect(result.stderr).not.toContain(STACK_FRAME);
  });

  it('prints the report the workflow published under --home, and leaves no copy of the raw events there', () => {
    const home = mkdtempSync(join(tmpdir(), 'incidentiq-sm-home-'));
    try {
      const result = cli('analyze', F01, '--json', '--home', home);
      expect(result.status, result.stderr).toBe(0);
      const printed = JSON.parse(result.stdout) as Report;
      const match = /workflow done: report at (\S+)\/report\.html/.exec(result.stderr);
      expect(match, result.stderr).not.toBeNull();
      const published = JSON.parse(readFileSync(join(match?.[1] ?? '', 'report.json'), 'utf8')) as Report;
      // The same report; only the analysis time is the whole command's wait.
      expect(printed).toEqual({
        ...published,
        stats: { ...published.stats, durationMs: printed.stats.durationMs },
      });
      const incident = join(home, 'blobs', 'incidents', printed.incidentId);
      for (const copy of ['events', 'slices', 'shards']) expect(existsSync(join(incident, copy))).toBe(false);
    } finally {
      rmSync(home, { recursive: true, force: true });
    }
  });

  it('--engine (one release): accepted, said to be ignored, the same report', () => {
    const plain = cli('analyze', F01, '--json');
    const engine = cli('analyze', F01, '--json', '--engine', 'state-machine');
    expect(engine.status, engine.stderr).toBe(0);
    expect(engine.stderr).toContain('incidentiq: --engine is no longer needed and is ignored');
    const a = JSON.parse(engine.stdout) as Report;
    const b = JSON.parse(plain.stdout) as Report;
    expect({ ...a, stats: { ...a.stats, durationMs: 0 } }).toEqual({
      ...b,
      stats: { ...b.stats, durationMs: 0 },
    });
  });

  it('--engine with an unknown value: exit 2 and the supported values', () => {
    const result = cli('analyze', F01, '--json', '--engine', 'kubernetes');
    expect(result.status).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain(
      'incidentiq: --engine kubernetes is not available in this version (supported: direct, state-machine)',
    );
    expect(result.stderr).not.toContain(STACK_FRAME);
  });

  it('analyze --help: exit 0, the usage on stdout', () => {
    const result = cli('analyze', '--help');
    expect(result.status).toBe(0);
    expect(result.stderr).toBe('');
    expect(result.stdout.startsWith('incidentiq analyze <incident-dir> [--json] [--out DIR]')).toBe(true);
    expect(result.stdout).toContain('--json');
    expect(result.stdout).toContain('--out DIR');
  });
});

describe('incidentiq analyze window options', () => {
  it('rejects a baseline that does not reach past the incident window, before reading anything', () => {
    const result = spawnSync(
      process.execPath,
      [
        'bin/incidentiq.js',
        'analyze',
        'test/fixtures/incidents/f01-price-engine-heap-oom',
        '--incident-minutes',
        '20',
        '--baseline-minutes',
        '10',
      ],
      { cwd: projectRoot, encoding: 'utf8' },
    );
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('--baseline-minutes must reach further back than --incident-minutes');
    expect(result.stderr).not.toContain('analyzing');
  });
});
