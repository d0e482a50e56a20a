import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Notification, Notifier } from '../../ports/notifier.ts';

/** Notifications as JSON files in an outbox folder (the CLI's stand-in for SNS). */
export class OutboxNotifier implements Notifier {
  private readonly outbox: string;
  private readonly now: () => Date;
  private sequence = 0;

  constructor(outbox: string, now: () => Date = () => new Date()) {
    this.outbox = outbox;
    this.now = now;
  }

  /** Writes `<outbox>/<timestamp>-<n>.json`; file names sort in the order of publishing. */
  async publish(notification: Notification): Promise<void> {
    await mkdir(this.outbox, { recursive: true });
    const timestamp = this.now().toISOString().replace(/[:.]/g, '-');
    const body = `${JSON.stringify(notification, null, 2)}\n`;
    for (;;) {
      this.sequence += 1;
      const path = join(this.outbox, `${timestamp}-${this.sequence}.json`);
      try {
        // `wx`: another notifier writing to the same outbox in the same millisecond must not be overwritten.
        await writeFile(path, body, { encoding: 'utf8', flag: 'wx' });
        return;
      } catch (error) {
        if (!(error instanceof Error && 'code' in error && error.code === 'EEXIST')) throw error;
      }
    }
  }
}
