import { type MessageAttributeValue, PublishCommand, type SNSClient } from '@aws-sdk/client-sns';
import { type DeliveryLedger, deliverOnce, type Notification, type Notifier } from '../../ports/notifier.ts';
import { cutToUtf8Bytes, utf8Length } from '../../report/utf8.ts';

/** SNS caps a published message, body and attributes together, at 256 KB (262,144 bytes). */
export const SNS_MESSAGE_MAX_BYTES = 256 * 1024;
/** SNS subjects must be less than 100 characters, without line breaks or control characters. */
export const SNS_SUBJECT_MAX_CHARS = 99;
export const SHORTENED_NOTE = '\n\n[Shortened by IncidentIQ to fit the 256 KB limit of Amazon SNS.]';

const FALLBACK_SUBJECT = 'IncidentIQ notification';
const ELLIPSIS = '...';

export interface SnsNotifierOptions {
  client: SNSClient;
  /** The e-mail topic: the e-mail text goes here. */
  topicArn: string;
  /** The chat topic AWS Chatbot reads: the chat payload goes here; without it no chat message is sent. */
  chatTopicArn?: string | null;
  /** With it, a notification with a `deliveryKey` sends each of its messages once, however often it is published. */
  ledger?: DeliveryLedger;
}

/**
 * Publishes the e-mail text to the e-mail topic and, when the notification has one and a chat topic
 * is configured, the AWS Chatbot payload to the chat topic: one message per subscriber. Every
 * message carries `format` (`email` or `chatbot`).
 */
export class SnsNotifier implements Notifier {
  private readonly client: SNSClient;
  private readonly topicArn: string;
  private readonly chatTopicArn: string | null;
  private readonly ledger: DeliveryLedger | undefined;

  constructor(options: SnsNotifierOptions) {
    this.client = options.client;
    this.topicArn = options.topicArn;
    this.chatTopicArn = options.chatTopicArn ?? null;
    this.ledger = options.ledger;
  }

  async publish(notification: Notification): Promise<void> {
    const subject = sanitizeSubject(notification.subject);
    const email = messageAttributes({ ...notification.attributes, format: 'email' });
    await this.once(notification, 'email', () =>
      this.send(
        this.topicArn,
        subject,
        fitText(notification.text, SNS_MESSAGE_MAX_BYTES - attributesBytes(email)),
        email,
      ),
    );
    const { chat } = notification;
    const chatTopic = this.chatTopicArn;
    if (chat && chatTopic) {
      const attributes = messageAttributes({ ...notification.attributes, format: 'chatbot' });
      await this.once(notification, 'chatbot', () =>
        this.send(
          chatTopic,
          subject,
          fitChatPayload(chat, SNS_MESSAGE_MAX_BYTES - attributesBytes(attributes)),
          attributes,
        ),
      );
    }
  }

  private async once(notification: Notification, format: string, send: () => Promise<void>): Promise<void> {
    if (!this.ledger || !notification.deliveryKey) return send();
    await deliverOnce(this.ledger, `${notification.deliveryKey}#${format}`, send);
  }

  private async send(
    topicArn: string,
    subject: string,
    message: string,
    attributes: Record<string, MessageAttributeValue>,
  ): Promise<void> {
    await this.client.send(
      new PublishCommand({
        TopicArn: topicArn,
        Subject: subject,
        Message: message,
        MessageAttributes: attributes,
      }),
    );
  }
}

/** One line of printable text, under 100 characters (counted in code points), never empty. */
export function sanitizeSubject(subject: string): string {
  const line = subject
    .replace(/[\p{Cc}\p{Zl}\p{Zp}]+/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  const chars = [...line];
  if (chars.length === 0) return FALLBACK_SUBJECT;
  if (chars.length <= SNS_SUBJECT_MAX_CHARS) return line;
  return `${chars
    .slice(0, SNS_SUBJECT_MAX_CHARS - ELLIPSIS.length)
    .join('')
    .trimEnd()}${ELLIPSIS}`;
}

/** The text as is when it fits in `maxBytes` (UTF-8), else cut with the shortened note at its end. */
export function fitText(text: string, maxBytes: number): string {
  if (utf8Length(text) <= maxBytes) return text;
  return cutToUtf8Bytes(text, maxBytes - utf8Length(SHORTENED_NOTE)) + SHORTENED_NOTE;
}

/**
 * The Chatbot custom-notification JSON within `maxBytes`. Cutting the JSON itself would break it, so
 * a payload over the limit loses the end of `content.description` instead, which then ends with the note.
 */
export function fitChatPayload(chat: Record<string, unknown>, maxBytes: number): string {
  const payload: Record<string, unknown> = { version: '1.0', source: 'custom', ...chat };
  let json = JSON.stringify(payload);
  let excess = utf8Length(json) - maxBytes;
  if (excess <= 0) return json;
  const content = isRecord(payload.content) ? payload.content : {};
  const original = typeof content.description === 'string' ? content.description : '';
  let description = original;
  // JSON escaping makes the encoded description at least as long as the raw one, so each pass shrinks it.
  while (excess > 0) {
    const room = utf8Length(description) - excess - utf8Length(SHORTENED_NOTE);
    if (room < 0) throw new Error(`chat notification exceeds ${maxBytes} bytes even without its description`);
    description = cutToUtf8Bytes(original, room) + SHORTENED_NOTE;
    json = JSON.stringify({ ...payload, content: { ...content, description } });
    excess = utf8Length(json) - maxBytes;
  }
  return json;
}

function messageAttributes(attributes: Record<string, string>): Record<string, MessageAttributeValue> {
  const result: Record<string, MessageAttributeValue> = {};
  for (const [name, value] of Object.entries(attributes)) {
    // SNS rejects empty attribute values.
    if (value !== '') result[name] = { DataType: 'String', StringValue: value };
  }
  return result;
}

/** What the attributes count towards the message size limit: name, data type and value. */
function attributesBytes(attributes: Record<string, MessageAttributeValue>): number {
  let bytes = 0;
  for (const [name, value] of Object.entries(attributes)) {
    bytes += utf8Length(name) + utf8Length(value.DataType ?? '') + utf8Length(value.StringValue ?? '');
  }
  return bytes;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
