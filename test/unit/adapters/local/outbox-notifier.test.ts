import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OutboxNotifier } from '../../../../shared/adapters/local/outbox-notifier.ts';
import type { Notification } from '../../../../shared/ports/notifier.ts';

let root: string;

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'incidentiq-outbox-'));
});

afterAll(() => {
  rmSync(root, { recursive: true, force: true });
});

const AT = new Date('2026-04-08T14:03:00.123Z');

describe('OutboxNotifier', () => {
  it('writes each notification as <outbox>/<timestamp>-<n>.json with subject, text and chat', async () => {
    const outbox = join(root, 'outbox');
    const notifier = new OutboxNotifier(outbox, () => AT);
    const first: Notification = {
      subject: '[P1] Memory exhaustion in payment-service',
      text: 'Summary\nThe payment service ran out of memory.',
      chat: { version: '1.0', source: 'custom', content: { title: 'P1', description: 'OOM' } },
      attributes: { severity: 'P1' },
    };
    const second: Notification = { subject: 'second', text: 'again' };

    await notifier.publish(first);
    await notifier.publish(second);

    const files = readdirSync(outbox).sort();
    expect(files).toEqual(['2026-04-08T14-03-00-123Z-1.json', '2026-04-08T14-03-00-123Z-2.json']);
    const [firstFile = '', secondFile = ''] = files;
    expect(JSON.parse(readFileSync(join(outbox, firstFile), 'utf8'))).toEqual(first);
    expect(JSON.parse(readFileSync(join(outbox, secondFile), 'utf8'))).toEqual(second);
  });

  it('never overwrites a file another notifier wrote in the same millisecond', async () => {
    const outbox = join(root, 'shared-outbox');
    const a = new OutboxNotifier(outbox, () => AT);
    const b = new OutboxNotifier(outbox, () => AT);

    await a.publish({ subject: 'from a', text: 'a' });
    await b.publish({ subject: 'from b', text: 'b' });

    const subjects = readdirSync(outbox).map(
      (name) => (JSON.parse(readFileSync(join(outbox, name), 'utf8')) as Notification).subject,
    );
    expect(subjects.sort()).toEqual(['from a', 'from b']);
  });
});
