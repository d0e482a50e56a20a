import { describe, expect, it } from 'vitest';
import { attributeChanges, detectChange } from '../../../../shared/analysis/correlate/changes/index.ts';
import { parseEvent } from '../../../../shared/analysis/parse/index.ts';

const T0 = Date.UTC(2026, 8, 2, 6, 0, 0);

/** A Secrets Manager rotation completing, as an EventBridge rule writes CloudTrail's service event. */
function rotation(at: number, secretArn: string, eventName = 'RotationSucceeded') {
  return {
    logGroup: '/aws/events/secrets-audit',
    logStream: 'secretsmanager-1',
    timestamp: at,
    message: JSON.stringify({
      version: '0',
      'detail-type': 'AWS Service Event via CloudTrail',
      source: 'aws.secretsmanager',
      detail: {
        eventVersion: '1.09',
        userIdentity: { accountId: '111122223333', invokedBy: 'secretsmanager.amazonaws.com' },
        eventTime: new Date(at).toISOString().replace(/\.\d+Z$/, 'Z'),
        eventSource: 'secretsmanager.amazonaws.com',
        eventName,
        eventType: 'AwsServiceEvent',
        requestParameters: null,
        serviceEventDetails: { version_id: 'a1b2', secret_arn: secretArn },
      },
    }),
  };
}

const ARN = 'arn:aws:secretsmanager:eu-west-1:111122223333:secret:prod/payout-worker/bank-api-key-Xy12Ab';

describe('a secret rotated in Secrets Manager', () => {
  it('is a configuration change of the secret it names, said in its message', () => {
    const record = parseEvent(rotation(T0, ARN));
    expect(record.message).toContain('secret_arn=arn:aws:secretsmanager');
    expect(record.message).toContain('prod/payout-worker/bank-api-key');
    expect(detectChange(record)).toMatchObject({
      kind: 'config',
      target: { resource: 'secret', name: 'prod/payout-worker/bank-api-key' },
    });
  });

  it('belongs to the service its path names', () => {
    const change = detectChange(parseEvent(rotation(T0, ARN)));
    expect(change).not.toBeNull();
    if (!change) return;
    const [attributed] = attributeChanges([change], ['payout-worker', 'ledger-api', 'cloudtrail']);
    expect(attributed?.service).toBe('payout-worker');
  });

  it('belongs to the one service whose lines name it, not to the function that rotated it', () => {
    const call = (eventName: string) => ({
      logGroup: '/aws/cloudtrail/management',
      logStream: 'trail-1',
      timestamp: T0,
      message: JSON.stringify({
        eventVersion: '1.09',
        userIdentity: { arn: 'arn:aws:sts::111122223333:assumed-role/fx-key-rotator-role/fx-key-rotator' },
        eventTime: new Date(T0).toISOString(),
        eventSource: 'secretsmanager.amazonaws.com',
        eventName,
        requestParameters: {
          secretId: 'arn:aws:secretsmanager:eu-west-1:111122223333:secret:prod/fx/feed-token-Qp09Lm',
        },
      }),
    });
    const change = detectChange(parseEvent(call('UpdateSecretVersionStage')));
    expect(change).toMatchObject({ kind: 'config', target: { name: 'prod/fx/feed-token' } });
    if (!change) return;
    const services = ['rates-api', 'fx-key-rotator', 'quote-web', 'cloudtrail'];
    const readers = (object: string) =>
      object === 'prod/fx/feed-token' ? ['rates-api', 'fx-key-rotator'] : [];
    expect(attributeChanges([change], services, readers)[0]?.service).toBe('rates-api');
    // Two services reading it: whose it is stays open.
    const two = () => ['rates-api', 'quote-web'];
    expect(attributeChanges([change], services, two)[0]?.service).toBe('cloudtrail');
  });

  it('is no change when the rotation only started or failed', () => {
    expect(detectChange(parseEvent(rotation(T0, ARN, 'RotationStarted')))).toBeNull();
    expect(detectChange(parseEvent(rotation(T0, ARN, 'RotationFailed')))).toBeNull();
  });
});
