/** One notification: the e-mail text and, for chat, the AWS Chatbot custom-notification payload. */
export interface Notification {
  subject: string;
  text: string;
  /** AWS Chatbot custom notification JSON (version 1.0), when chat should show it natively. */
  chat?: Record<string, unknown>;
  attributes?: Record<string, string>;
}

/** Delivers notifications (SNS in AWS, an outbox folder locally). */
export interface Notifier {
  publish(notification: Notification): Promise<void>;
}
