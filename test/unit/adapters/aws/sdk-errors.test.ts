import { AccessDeniedException, ThrottlingException } from '@aws-sdk/client-bedrock-runtime';
import { LimitExceededException, ResourceNotFoundException } from '@aws-sdk/client-cloudwatch-logs';
import { InternalServerError, ProvisionedThroughputExceededException } from '@aws-sdk/client-dynamodb';
import { S3ServiceException } from '@aws-sdk/client-s3';
import { describe, expect, it } from 'vitest';
import { attemptsOf, isTransientSdkError, namedError } from '../../../../shared/adapters/aws/sdk-errors.ts';
import {
  DependencyError,
  failureKind,
  InputError,
  isTransient,
  TransientError,
} from '../../../../shared/domain/errors.ts';
import { IncidentStoreUnavailableError } from '../../../../shared/ports/incident-store.ts';
import { DeliveryInProgressError } from '../../../../shared/ports/notifier.ts';

const meta = (httpStatusCode: number, attempts = 3) => ({ httpStatusCode, attempts });

/** An S3 error the way the SDK builds one for a code its model does not list (SlowDown, 503). */
const s3Error = (name: string, status: number) =>
  new S3ServiceException({ name, $fault: status >= 500 ? 'server' : 'client', $metadata: meta(status) });

describe('the SDK errors, by their typed fields', () => {
  it('calls throttling, overload, 5xx and broken connections transient', () => {
    const transient = [
      new ThrottlingException({ message: 'slow down', $metadata: meta(400) }),
      new LimitExceededException({ message: 'too many concurrent queries', $metadata: meta(400) }),
      new ProvisionedThroughputExceededException({ message: 'capacity', $metadata: meta(400) }),
      new InternalServerError({ message: 'oops', $metadata: meta(500) }),
      s3Error('SlowDown', 503),
      s3Error('SomethingNew', 502),
      s3Error('TooMany', 429),
      Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }),
      Object.assign(new Error('connect timed out'), { code: 'ETIMEDOUT' }),
    ];
    for (const error of transient) expect(isTransientSdkError(error), String(error)).toBe(true);
  });

  it('calls refusals and missing resources permanent', () => {
    const permanent = [
      new AccessDeniedException({ message: 'no access', $metadata: meta(403) }),
      new ResourceNotFoundException({ message: 'no such group', $metadata: meta(400) }),
      s3Error('NoSuchBucket', 404),
    ];
    for (const error of permanent) expect(isTransientSdkError(error), String(error)).toBe(false);
  });

  it('never reads the message: throttling words in a plain error are not a throttle', () => {
    expect(isTransientSdkError(new Error('ThrottlingException: Rate exceeded'))).toBe(false);
    expect(isTransientSdkError(new Error('ECONNRESET while reading'))).toBe(false);
    expect(namedError(new Error('ServiceUnavailable'))).toBeUndefined();
  });

  it('names an SDK error TransientError or DependencyError and keeps it as the cause', () => {
    const throttled = new ThrottlingException({ message: 'slow down', $metadata: meta(400) });
    const named = namedError(throttled);
    expect(named).toBeInstanceOf(TransientError);
    expect(named?.cause).toBe(throttled);
    expect(named?.message).toBe('ThrottlingException: slow down');

    const denied = namedError(new AccessDeniedException({ message: 'no', $metadata: meta(403) }));
    expect(denied).toBeInstanceOf(DependencyError);
    expect(failureKind(denied)).toBe('dependency');
  });

  it("passes the analyzer's own errors through by class", () => {
    const inProgress = new DeliveryInProgressError('incidents/INC-00000001/email');
    expect(namedError(inProgress)).toBe(inProgress);
    expect(isTransient(namedError(inProgress))).toBe(true);
    const store = new IncidentStoreUnavailableError('the table is damaged');
    expect(isTransient(namedError(store))).toBe(false);
    expect(failureKind(store)).toBe('dependency');
    expect(failureKind(new InputError('no alarm.json'))).toBe('input');
    expect(failureKind(new Error('a bug'))).toBeUndefined();
  });

  it('reads the attempts the SDK made, when it says', () => {
    expect(attemptsOf(s3Error('SlowDown', 503))).toBe(3);
    expect(attemptsOf(new Error('plain'))).toBeUndefined();
    expect(attemptsOf('text')).toBeUndefined();
  });
});
