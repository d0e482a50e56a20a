import { ThrottlingException } from '@aws-sdk/client-cloudwatch-logs';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { describe, expect, it } from 'vitest';
import { classifyError } from '../../../functions/runtime.ts';
import { ConfigurationError } from '../../../shared/domain/errors.ts';
import { DeliveryInProgressError } from '../../../shared/ports/notifier.ts';

describe('classifyError (what the state machine retries)', () => {
  it('renames what a later attempt may not meet TransientError, keeping the error itself', () => {
    const throttled = new ThrottlingException({
      message: 'Rate exceeded',
      $metadata: { httpStatusCode: 400 },
    });
    const classified = classifyError(throttled);
    expect(classified).toBe(throttled);
    expect(classified.name).toBe('TransientError');
    expect(classifyError(new DeliveryInProgressError('k')).name).toBe('TransientError');
    expect(classifyError(Object.assign(new Error('reset'), { code: 'ECONNRESET' })).name).toBe(
      'TransientError',
    );
  });

  it('leaves a permanent error under its own name, for the catch to record', () => {
    const conflict = new ConditionalCheckFailedException({
      message: 'no',
      $metadata: { httpStatusCode: 400 },
    });
    expect(classifyError(conflict).name).toBe('ConditionalCheckFailedException');
    expect(classifyError(new ConfigurationError('environment variable X is not set')).name).toBe(
      'ConfigurationError',
    );
    expect(classifyError(new Error('Throttling mentioned in a message')).name).toBe('Error');
  });

  it('makes an Error of whatever was thrown', () => {
    const classified = classifyError('plain text');
    expect(classified).toBeInstanceOf(Error);
    expect(classified.message).toBe('plain text');
  });
});
