import type { Notification, Notifier } from '../../ports/notifier.ts';

/** Notifications kept in this process (the outbox of a run that writes nothing under --home). */
export class MemoryOutbox implements Notifier {
  readonly sent: Notification[] = [];

  async publish(notification: Notification): Promise<void> {
    this.sent.push(notification);
  }
}
