import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DynamoDbDeliveryLedger } from '../../shared/adapters/aws/dynamodb-delivery-ledger.ts';
import {
  DynamoDbIncidentStore,
  ensureIncidentTable,
} from '../../shared/adapters/aws/dynamodb-incident-store.ts';
import { SnsNotifier } from '../../shared/adapters/aws/sns-notifier.ts';
import { FileBlobStore } from '../../shared/adapters/local/file-blob-store.ts';
import { type LocalDynamo, startLocalDynamo } from '../../shared/adapters/local/local-dynamo.ts';
import { analyzeIncident } from '../../shared/analysis/analyze.ts';
import type { Report } from '../../shared/domain/report.ts';
import type { WorkflowDeps } from '../../shared/workflow/deps.ts';
import type { WorkflowState } from '../../shared/workflow/state.ts';
import { publish } from '../../shared/workflow/steps/publish.ts';
import { recordFailure } from '../../shared/workflow/steps/record-failure.ts';

const TABLE = 'incidents';
const EMAIL_TOPIC = 'arn:aws:sns:eu-west-1:123456789012:incidentiq-email';
const CHAT_TOPIC = 'arn:aws:sns:eu-west-1:123456789012:incidentiq-chat';
const AT = Date.parse('2026-03-02T09:30:00.000Z');

/** An alarm of my own: the orders API's 5xx count went to ALARM. */
const ALARM_EVENT = {
  version: '0',
  id: 'b1f5e2c4-0000-4000-8000-000000000001',
  'detail-type': 'CloudWatch Alarm State Change',
  source: 'aws.cloudwatch',
  account: '123456789012',
  time: new Date(AT).toISOString(),
  region: 'eu-west-1',
  resources: ['arn:aws:cloudwatch:eu-west-1:123456789012:alarm:orders-api-5xx'],
  detail: {
    alarmName: 'orders-api-5xx',
    state: {
      value: 'ALARM',
      reason: 'Threshold crossed: 1 datapoint [42.0] was greater than 10.0',
      timestamp: new Date(AT).toISOString(),
    },
    previousState: { value: 'OK', reason: 'ok', timestamp: new Date(AT - 3_600_000).toISOString() },
    configuration: {
      metrics: [
        {
          id: 'm1',
          metricStat: {
            metric: { namespace: 'AWS/ApiGateway', name: '5XXError', dimensions: { ApiName: 'orders-api' } },
            period: 60,
            stat: 'Sum',
          },
          returnData: true,
        },
      ],
    },
  },
};

function report(): Report {
  const events = [0, 1, 2].map((i) => ({
    logGroup: '/ecs/orders-api',
    logStream: 'orders-api/1',
    timestamp: AT - 60_000 + i * 1_000,
    message: `ERROR orders-api connect ETIMEDOUT inventory-db:5432 after 3000 ms (request ${i})`,
  }));
  const result = analyzeIncident({ alarmEvent: ALARM_EVENT, events, clock: () => 0 });
  if (!result.ok) throw new Error(result.error);
  return result.report;
}

let dynamo: LocalDynamo;
let home: string;
const sns = mockClient(SNSClient);

function deps(): WorkflowDeps {
  return {
    blobs: new FileBlobStore(join(home, 'blobs')),
    fetcher: {
      fetch: () => ({
        events: (async function* () {})(),
        outcome: { events: 0, bytes: 0, truncated: false, notes: [] },
      }),
    },
    store: new DynamoDbIncidentStore({ client: dynamo.doc, tableName: TABLE }),
    notifier: new SnsNotifier({
      client: new SNSClient({ region: 'eu-west-1' }),
      topicArn: EMAIL_TOPIC,
      chatTopicArn: CHAT_TOPIC,
      ledger: new DynamoDbDeliveryLedger({ client: dynamo.doc, tableName: TABLE }),
    }),
    logGroups: { alarmLogGroups: {}, defaultLogGroups: [] },
    windows: {},
    consoleUrl: 'https://console.example.com',
    clock: () => 0,
  };
}

/** How many messages each topic got, and how many incident records the table holds. */
async function counts() {
  const topics = sns.commandCalls(PublishCommand).map((call) => call.args[0].input.TopicArn);
  const { Items = [] } = await dynamo.doc.send(new ScanCommand({ TableName: TABLE }));
  return {
    emails: topics.filter((t) => t === EMAIL_TOPIC).length,
    chats: topics.filter((t) => t === CHAT_TOPIC).length,
    records: Items.filter((item) => item.SK === 'META').length,
  };
}

beforeAll(async () => {
  dynamo = await startLocalDynamo();
  await ensureIncidentTable(dynamo.client, TABLE);
});

afterAll(async () => {
  await dynamo.close();
});

beforeEach(() => {
  home = mkdtempSync(join(tmpdir(), 'iq-publish-'));
  sns.reset();
  sns.on(PublishCommand).resolves({ MessageId: 'm' });
  return () => rmSync(home, { recursive: true, force: true });
});

describe('publish retried (Step Functions Retry re-runs the whole step)', () => {
  it('three runs of publish: one e-mail, one chat message, one incident record', async () => {
    const d = deps();
    const written = report();
    const state: WorkflowState = {
      incidentId: written.incidentId,
      alarmKey: 'alarm.json',
      reportKey: 'final.json',
      run: 1,
    };
    await d.blobs.put('final.json', JSON.stringify(written), 'application/json');

    for (let attempt = 0; attempt < 3; attempt++) await publish.run(state, d);

    expect(await counts()).toEqual({ emails: 1, chats: 1, records: 1 });
  });

  it('a run that failed after the e-mail: the retry sends the chat message only, then nothing more', async () => {
    const d = deps();
    const written = report();
    const state: WorkflowState = {
      incidentId: written.incidentId,
      alarmKey: 'alarm.json',
      reportKey: 'final.json',
      run: 2,
    };
    await d.blobs.put('final.json', JSON.stringify(written), 'application/json');
    sns
      .on(PublishCommand, { TopicArn: CHAT_TOPIC })
      .rejectsOnce(Object.assign(new Error('Rate exceeded'), { name: 'Throttling' }));
    sns.resetHistory();

    await expect(publish.run(state, d)).rejects.toThrow('Rate exceeded');
    await publish.run(state, d);
    await publish.run(state, d);

    const sent = sns.commandCalls(PublishCommand).map((call) => call.args[0].input.TopicArn);
    // The failed chat attempt, then the chat message once: the e-mail was sent once in all.
    expect(sent).toEqual([EMAIL_TOPIC, CHAT_TOPIC, CHAT_TOPIC]);
  });

  it('a flapping re-run (a new run) notifies again; a degraded report is a notification of its own', async () => {
    const d = deps();
    const written = report();
    await d.blobs.put('final.json', JSON.stringify(written), 'application/json');
    await d.blobs.put('alarm.json', JSON.stringify(ALARM_EVENT), 'application/json');
    const base: WorkflowState = {
      incidentId: written.incidentId,
      alarmKey: 'alarm.json',
      reportKey: 'final.json',
    };
    sns.resetHistory();

    await publish.run({ ...base, run: 7 }, d);
    await publish.run({ ...base, run: 7 }, d);
    await publish.run({ ...base, run: 8 }, d);
    const failed = {
      ...base,
      run: 8,
      failedStep: 'write-narrative' as const,
      failure: { Error: 'Error', Cause: 'boom' },
    };
    await recordFailure.run(failed, d);
    await recordFailure.run(failed, d);

    const subjects = sns.commandCalls(PublishCommand).map((call) => call.args[0].input.Subject ?? '');
    expect(subjects).toHaveLength(6);
    expect(subjects.filter((s) => s.startsWith('[degraded]'))).toHaveLength(2);
  });
});

describe('DynamoDbDeliveryLedger on dynalite', () => {
  it('claims once; a live claim is in progress, a stale one is taken over, a sent one stays sent', async () => {
    let now = 1_000_000;
    const ledger = new DynamoDbDeliveryLedger({
      client: dynamo.doc,
      tableName: TABLE,
      leaseMs: 60_000,
      now: () => now,
    });

    expect(await ledger.claim('k1')).toBe('claimed');
    expect(await ledger.claim('k1')).toBe('in-progress');
    now += 60_001;
    expect(await ledger.claim('k1')).toBe('claimed');
    await ledger.release('k1');
    expect(await ledger.claim('k1')).toBe('claimed');
    await ledger.markSent('k1');
    now += 10 * 60_000;
    expect(await ledger.claim('k1')).toBe('sent');
  });
});
