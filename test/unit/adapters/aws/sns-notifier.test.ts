import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import {
  fitChatPayload,
  SHORTENED_NOTE,
  SNS_MESSAGE_MAX_BYTES,
  SnsNotifier,
  type SnsNotifierOptions,
  sanitizeSubject,
} from '../../../../shared/adapters/aws/sns-notifier.ts';
import { DeliveryInProgressError, type DeliveryLedger } from '../../../../shared/ports/notifier.ts';

const TOPIC_ARN = 'arn:aws:sns:us-east-1:123456789012:incidentiq-notifications';
const CHAT_TOPIC_ARN = 'arn:aws:sns:us-east-1:123456789012:incidentiq-chat';
const sns = mockClient(SNSClient);

function notifier(options: Partial<SnsNotifierOptions> = {}): SnsNotifier {
  return new SnsNotifier({
    client: new SNSClient({ region: 'us-east-1' }),
    topicArn: TOPIC_ARN,
    chatTopicArn: CHAT_TOPIC_ARN,
    ...options,
  });
}

/** A ledger in memory with the DynamoDB ledger's rules (claim, sent, released; no lease). */
function memoryLedger(): DeliveryLedger & { states: Map<string, string> } {
  const states = new Map<string, string>();
  return {
    states,
    async claim(key) {
      const state = states.get(key);
      if (state === 'sent') return 'sent';
      if (state === 'claimed') return 'in-progress';
      states.set(key, 'claimed');
      return 'claimed';
    },
    async markSent(key) {
      states.set(key, 'sent');
    },
    async release(key) {
      states.set(key, 'released');
    },
  };
}

function publishedInputs() {
  return sns.commandCalls(PublishCommand).map((call) => call.args[0].input);
}

const bytes = (text: string | undefined) => Buffer.byteLength(text ?? '', 'utf8');

beforeEach(() => {
  sns.reset();
  sns.on(PublishCommand).resolves({ MessageId: 'm-1' });
});

describe('SnsNotifier', () => {
  it('publishes the e-mail text with its subject and attributes', async () => {
    await notifier().publish({
      subject: '[P1] Memory exhaustion in payment-service',
      text: 'Summary\nThe payment service ran out of memory.',
      attributes: { severity: 'P1', service: 'payment-service' },
    });

    const [email, ...rest] = publishedInputs();
    expect(rest).toHaveLength(0);
    expect(email).toMatchObject({
      TopicArn: TOPIC_ARN,
      Subject: '[P1] Memory exhaustion in payment-service',
      Message: 'Summary\nThe payment service ran out of memory.',
      MessageAttributes: {
        severity: { DataType: 'String', StringValue: 'P1' },
        service: { DataType: 'String', StringValue: 'payment-service' },
        format: { DataType: 'String', StringValue: 'email' },
      },
    });
  });

  it('sanitizes the subject to one line of fewer than 100 characters', async () => {
    const subject = `[P2] Dependency timeout\nin checkout\t\u0007${'x'.repeat(200)}`;

    await notifier().publish({ subject, text: 'body' });

    const sent = publishedInputs()[0]?.Subject ?? '';
    expect([...sent].length).toBeLessThan(100);
    expect(sent).not.toMatch(/[\p{Cc}]/u);
    expect(sent.startsWith('[P2] Dependency timeout in checkout x')).toBe(true);
    expect(sent.endsWith('...')).toBe(true);
  });

  it('never sends an empty subject', () => {
    expect(sanitizeSubject(' \n\r\t ')).toBe('IncidentIQ notification');
  });

  it('publishes the chat payload to the chat topic as a second message marked format=chatbot', async () => {
    const chat = {
      version: '1.0',
      source: 'custom',
      content: {
        textType: 'client-markdown',
        title: ':rotating_light: P1 in payment-service',
        description: 'OOM',
      },
    };

    await notifier().publish({ subject: 'P1', text: 'e-mail body', chat, attributes: { severity: 'P1' } });

    const inputs = publishedInputs();
    expect(inputs).toHaveLength(2);
    expect(inputs[0]?.Message).toBe('e-mail body');
    expect(inputs[0]?.TopicArn).toBe(TOPIC_ARN);
    const second = inputs[1];
    expect(second?.TopicArn).toBe(CHAT_TOPIC_ARN);
    expect(JSON.parse(second?.Message ?? '')).toEqual(chat);
    expect(second?.MessageAttributes?.format).toEqual({ DataType: 'String', StringValue: 'chatbot' });
    expect(second?.MessageAttributes?.severity).toEqual({ DataType: 'String', StringValue: 'P1' });
  });

  it('fills in version and source when the chat payload leaves them out', async () => {
    await notifier().publish({ subject: 'P1', text: 'body', chat: { content: { description: 'd' } } });

    expect(JSON.parse(publishedInputs()[1]?.Message ?? '')).toEqual({
      version: '1.0',
      source: 'custom',
      content: { description: 'd' },
    });
  });

  it('shortens a 300 KB text to fit under 256 KB, with a note at its end', async () => {
    const text = 'é'.repeat(150 * 1024); // 300 KB in UTF-8, 150 K characters

    await notifier().publish({ subject: 'big', text, attributes: { severity: 'P3' } });

    const input = publishedInputs()[0];
    const attributeBytes = Object.entries(input?.MessageAttributes ?? {}).reduce(
      (sum, [name, value]) => sum + bytes(name) + bytes(value.DataType) + bytes(value.StringValue),
      0,
    );
    expect(bytes(input?.Message) + attributeBytes).toBeLessThanOrEqual(SNS_MESSAGE_MAX_BYTES);
    expect(bytes(input?.Message)).toBeGreaterThan(SNS_MESSAGE_MAX_BYTES - 1024);
    expect(input?.Message?.endsWith(SHORTENED_NOTE)).toBe(true);
    expect(input?.Message).not.toContain('\uFFFD');
  });

  it('shortens an oversized chat payload in its description and keeps it valid JSON', async () => {
    const description = `"quoted" line\n`.repeat(30_000);

    await notifier().publish({ subject: 's', text: 't', chat: { content: { title: 'T', description } } });

    const message = publishedInputs()[1]?.Message ?? '';
    expect(bytes(message)).toBeLessThanOrEqual(SNS_MESSAGE_MAX_BYTES);
    const payload = JSON.parse(message) as { content: { title: string; description: string } };
    expect(payload.content.title).toBe('T');
    expect(payload.content.description.endsWith(SHORTENED_NOTE)).toBe(true);
  });

  it('refuses a chat payload that cannot be shortened enough', () => {
    expect(() => fitChatPayload({ content: { title: 'x'.repeat(1000) } }, 500)).toThrow(/exceeds 500 bytes/);
  });

  it('sends no chat message without a chat topic: the e-mail topic gets the e-mail only', async () => {
    await notifier({ chatTopicArn: null }).publish({ subject: 's', text: 't', chat: { content: {} } });

    expect(
      publishedInputs().map((input) => [input.TopicArn, input.MessageAttributes?.format?.StringValue]),
    ).toEqual([[TOPIC_ARN, 'email']]);
  });

  it('with a ledger, sends each message of a keyed notification once however often it is published', async () => {
    const ledger = memoryLedger();
    const once = notifier({ ledger });
    const notification = { subject: 's', text: 't', chat: { content: {} }, deliveryKey: 'INC-1#run-1' };
    // The chat message fails the first time: the e-mail is not sent again, the chat message is.
    sns.on(PublishCommand, { TopicArn: CHAT_TOPIC_ARN }).rejectsOnce(new Error('network down'));

    await expect(once.publish(notification)).rejects.toThrow('network down');
    await once.publish(notification);
    await once.publish(notification);

    expect(publishedInputs().map((input) => input.TopicArn)).toEqual([
      TOPIC_ARN,
      CHAT_TOPIC_ARN,
      CHAT_TOPIC_ARN,
    ]);
    expect(sns.commandCalls(PublishCommand).length).toBe(3);
    expect(ledger.states).toEqual(
      new Map([
        ['INC-1#run-1#email', 'sent'],
        ['INC-1#run-1#chatbot', 'sent'],
      ]),
    );
    // A notification without a key is sent every time.
    await once.publish({ subject: 's', text: 't' });
    await once.publish({ subject: 's', text: 't' });
    expect(sns.commandCalls(PublishCommand).length).toBe(5);
  });

  it('refuses to send while another attempt holds the claim, so the step is retried', async () => {
    const ledger = memoryLedger();
    ledger.states.set('INC-2#email', 'claimed');

    await expect(
      notifier({ ledger }).publish({ subject: 's', text: 't', deliveryKey: 'INC-2' }),
    ).rejects.toBeInstanceOf(DeliveryInProgressError);
    expect(publishedInputs()).toEqual([]);
  });
});
