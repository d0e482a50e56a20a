import type { LogEvent } from '../../domain/log-event.ts';
import type { FetchOutcome } from '../../ports/log-fetcher.ts';

const count = (n: number) => n.toLocaleString('en-US');

function byteSize(n: number): string {
  const mib = n / (1024 * 1024);
  return Number.isInteger(mib) ? `${count(mib)} MiB` : `${count(n)} bytes`;
}

/**
 * The caps on one fetch: events and message bytes (UTF-8). An event is admitted only when it fits
 * under both, so the outcome's counts never exceed a cap; the first event that does not fit marks
 * the outcome truncated and says which cap stopped the fetch.
 */
export class EventBudget {
  private stopped = false;

  constructor(
    private readonly outcome: FetchOutcome,
    private readonly maxEvents: number,
    private readonly maxBytes: number,
  ) {}

  get exhausted(): boolean {
    return this.stopped;
  }

  admit(event: LogEvent): boolean {
    if (this.stopped) return false;
    const { outcome } = this;
    if (outcome.events + 1 > this.maxEvents) {
      return this.stop(`stopped after ${count(outcome.events)} events (cap)`);
    }
    const bytes = Buffer.byteLength(event.message, 'utf8');
    if (outcome.bytes + bytes > this.maxBytes) {
      return this.stop(
        `stopped after ${count(outcome.events)} events and ${count(outcome.bytes)} bytes of messages ` +
          `(cap ${byteSize(this.maxBytes)})`,
      );
    }
    outcome.events++;
    outcome.bytes += bytes;
    return true;
  }

  private stop(what: string): false {
    this.stopped = true;
    this.outcome.truncated = true;
    this.outcome.notes.push(`${what}: the window was not read to its end`);
    return false;
  }
}
