import type { Context } from 'aws-lambda';

/** The Lambda context the runtime passes (what Powertools reads from it). */
export function lambdaContext(requestId = 'req-1'): Context {
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName: 'incidentiq-step',
    functionVersion: '$LATEST',
    invokedFunctionArn: 'arn:aws:lambda:us-east-1:123456789012:function:incidentiq-step',
    memoryLimitInMB: '512',
    awsRequestId: requestId,
    logGroupName: '/aws/lambda/incidentiq-step',
    logStreamName: '2026/01/01/[$LATEST]abc',
    getRemainingTimeInMillis: () => 30_000,
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}
