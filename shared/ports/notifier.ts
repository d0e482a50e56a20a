import { TransientError } from '../domain/errors.ts';

/** One notification: the e-mail text and, for chat, the AWS Chatbot custom-notification payload. */
export interface Notification {
  subject: string;
  text: string;
  /** AWS Chatbot custom notification JSON (version 1.0), when chat should show it natively. */
  chat?: Record<string, unknown>;
  attributes?: Record<string, string>;
  /**
   * The same key for every attempt to deliver this notification (a retried step): a notifier with
   * a delivery ledger sends each of its messages once.
   */
  deliveryKey?: string;
}

/** Delivers notifications (SNS in AWS, an outbox folder locally). */
export interface Notifier {
  publish(notification: Notification): Promise<void>;
}

/** What a claim on a message found: it is this attempt's to send, already sent, or being sent by another attempt. */
export type DeliveryClaim = 'claimed' | 'sent' | 'in-progress';

/**
 * Which messages were sent, kept with conditional writes so that of attempts racing or retrying
 * exactly one sends each message (DynamoDB in AWS and locally).
 */
export interface DeliveryLedger {
  /** Claims `key` when no attempt sent it and none is sending it now (a claim older than the lease is taken over). */
  claim(key: string): Promise<DeliveryClaim>;
  markSent(key: string): Promise<void>;
  /** Gives up a claim whose send failed, so the next attempt sends it. */
  release(key: string): Promise<void>;
}

/** Another attempt is sending the message right now: the step should be retried later. */
export class DeliveryInProgressError extends TransientError {
  constructor(readonly key: string) {
    super(`another attempt is delivering ${key}`);
    this.name = 'DeliveryInProgressError';
  }
}

/**
 * Sends through `send` once for `key`: nothing when it was sent, an error to retry on when another
 * attempt is sending it, the claim given back when the send fails. True when this call sent it.
 */
export async function deliverOnce(
  ledger: DeliveryLedger,
  key: string,
  send: () => Promise<void>,
): Promise<boolean> {
  const claim = await ledger.claim(key);
  if (claim === 'sent') return false;
  if (claim === 'in-progress') throw new DeliveryInProgressError(key);
  try {
    await send();
  } catch (error) {
    await ledger.release(key).catch(() => undefined);
    throw error;
  }
  await ledger.markSent(key);
  return true;
}
