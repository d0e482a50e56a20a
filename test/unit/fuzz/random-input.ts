import { mulberry32 } from '../../../bench/generate-messages.ts';

/** Seeded generators of hostile input: the same seed gives the same cases, so a failure reproduces. */
export function hostile(seed: number) {
  const r = mulberry32(seed);
  const int = (n: number) => Math.floor(r() * n);
  const pick = <T>(xs: readonly T[]): T => xs[int(xs.length)] as T;

  const bytes = (n: number) => Buffer.from(Array.from({ length: n }, () => int(256)));
  const invalidUtf8 = () =>
    Buffer.concat([
      Buffer.from('ok '),
      Buffer.from([0xc3, 0x28, 0xff, 0xfe, 0xed, 0xa0, 0x80]),
      Buffer.from(' end'),
    ]).toString('utf8');
  const nested = (depth: number): string => (depth === 0 ? '1' : `{"a":${nested(depth - 1)}}`);
  const timestamp = () =>
    pick([
      Date.now(),
      0,
      -1,
      1e15,
      -8.64e15,
      8.64e15,
      Number.MAX_SAFE_INTEGER,
      1779621606224.5,
      Date.now() + 1e12,
    ]);

  const message = (): string =>
    pick([
      () => bytes(int(200)).toString('latin1'),
      () => bytes(int(200)).toString('utf8'),
      invalidUtf8,
      () => 'x'.repeat(1_000_000),
      () => nested(500),
      () => `{"level":"error","msg":${JSON.stringify(bytes(50).toString('utf8'))}`,
      () => '2026-05-24T11:20:06.224Z',
      () => '\u0000\u0001\u0002',
      () => '   \r\n\t ',
      () => `ERROR ${'[{('.repeat(2000)}`,
      () => 'Traceback (most recent call last):',
      () => '    at com.example.App.main(App.java:1)',
      () => 'panic: runtime error: index out of range',
      () =>
        `${int(1e9)} - - [08/Apr/2026:14:00:00 +0000] "GET / HTTP/1.1" ${pick([200, 500, 999, -1])} 1 "-" "-"`,
    ])();

  const event = () => ({
    logGroup: pick(['/ecs/a', '/aws/lambda/b', '/eks/c/d', '/aws/rds/instance/db/postgresql']),
    logStream: pick(['s1', 's2', '']),
    timestamp: timestamp(),
    message: message(),
  });

  return { r, int, pick, bytes, message, event, timestamp };
}
