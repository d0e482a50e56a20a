import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { ExecutionAlreadyExists, SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { DynamoDBDocumentClient, GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { lambdaContext } from './lambda-context.ts';

const ALARM = JSON.parse(
  readFileSync(
    fileURLToPath(new URL('../../fixtures/alarms/booking-edge-5xx.json', import.meta.url)),
    'utf8',
  ),
) as unknown;

const s3 = mockClient(S3Client);
const sfn = mockClient(SFNClient);
const ddb = mockClient(DynamoDBDocumentClient);

beforeAll(() => {
  Object.assign(process.env, {
    REPORT_BUCKET: 'reports-bucket',
    TOPIC_ARN: 'arn:aws:sns:us-east-1:123456789012:incidentiq',
    INCIDENT_TABLE: 'incidents',
    STATE_MACHINE_ARN: 'arn:aws:states:us-east-1:123456789012:stateMachine:incidentiq',
    AWS_REGION: 'us-east-1',
    POWERTOOLS_DEV: 'true',
    POWERTOOLS_TRACE_ENABLED: 'false',
    POWERTOOLS_LOG_LEVEL: 'SILENT',
  });
});

beforeEach(() => {
  s3.reset();
  sfn.reset();
  ddb.reset();
  // The alarm has no remembered state yet; its first write wins; no other alarm is open.
  ddb.on(GetCommand).resolves({});
  ddb.on(PutCommand).resolves({});
  ddb.on(QueryCommand).resolves({ Items: [] });
});

afterAll(() => {
  s3.restore();
  sfn.restore();
  ddb.restore();
});

describe('the intake Lambda', () => {
  it('stores the event and starts the execution named after the incident', async () => {
    s3.on(PutObjectCommand).resolves({});
    sfn.on(StartExecutionCommand).resolves({ executionArn: 'arn:exec' });
    const { handler } = await import('../../../functions/intake.ts');
    const result = await handler(ALARM, lambdaContext());
    expect(result.started).toBe(true);
    const start = sfn.commandCalls(StartExecutionCommand)[0]?.args[0].input;
    expect(start?.name).toBe(result.incidentId);
    expect(start?.stateMachineArn).toContain('stateMachine:incidentiq');
    expect(JSON.parse(start?.input ?? '{}')).toEqual({
      incidentId: result.incidentId,
      alarmKey: `incidents/${result.incidentId}/alarm.json`,
      run: 1,
    });
    expect(s3.commandCalls(PutObjectCommand)[0]?.args[0].input.Bucket).toBe('reports-bucket');
    const alarmState = ddb.commandCalls(PutCommand)[0]?.args[0].input;
    expect(alarmState?.TableName).toBe('incidents');
    expect(alarmState?.ConditionExpression).toBe('attribute_not_exists(PK)');
    expect(alarmState?.Item).toMatchObject({ openIncidentId: result.incidentId, runs: 1 });
  });

  it('treats an event whose execution already exists as a duplicate, not an error', async () => {
    s3.on(PutObjectCommand).resolves({});
    sfn.on(StartExecutionCommand).rejects(new ExecutionAlreadyExists({ message: 'exists', $metadata: {} }));
    const { handler } = await import('../../../functions/intake.ts');
    expect(await handler(ALARM, lambdaContext())).toMatchObject({ started: false, reason: 'duplicate' });
  });
});

describe('a step Lambda', () => {
  it('names throttling a TransientError, so the state machine retries it', async () => {
    s3.on(GetObjectCommand).rejects(
      Object.assign(new Error('Please reduce your request rate.'), { name: 'SlowDown' }),
    );
    const { handler } = await import('../../../functions/analyze.ts');
    await expect(
      handler(
        { incidentId: 'INC-0a59a8a9', alarmKey: 'incidents/INC-0a59a8a9/alarm.json', eventsKey: 'x' },
        lambdaContext(),
      ),
    ).rejects.toMatchObject({
      name: 'TransientError',
    });
  });

  it('lets a permanent error through under its own name, for the catch to record the failure', async () => {
    const { handler } = await import('../../../functions/analyze.ts');
    await expect(
      handler({ incidentId: 'INC-0a59a8a9', alarmKey: 'incidents/INC-0a59a8a9/alarm.json' }, lambdaContext()),
    ).rejects.toMatchObject({
      name: 'Error',
      message: 'analyze needs the events planned by plan-fetch',
    });
  });
});
