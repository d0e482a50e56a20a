import { type NarrativeContext, rootIsWorkload } from './context.ts';
import type { DraftFix, FixBuilder } from './fix-draft.ts';
import { dynamodb } from './store-commands.ts';

function throttledBy(c: NarrativeContext): string {
  if (c.storeKind === 'dynamodb') return c.store ?? 'the DynamoDB table';
  return c.dep ?? 'the provider';
}

export const throttlingFixes: FixBuilder = ({ c }) => {
  // The origin is the client that was throttled, or the resource that throttled its clients.
  const client = rootIsWorkload(c) ? c.root : (c.callerList ?? 'its clients');
  const by = throttledBy(c);
  const table = c.storeKind === 'dynamodb' && c.store ? c.store : '<table>';
  const dynamo = c.storeKind === 'dynamodb' || /throughput|dynamodb/i.test(c.input.signal);
  const fixes: DraftFix[] = [
    {
      title: `Retry throttled calls from ${client} with backoff and jitter`,
      rationale: `${by} rejects requests from ${client} for exceeding its rate (${c.signal}); immediate retries add to the rate that is already too high.`,
      action: `Use the SDK's adaptive retry mode (AWS_RETRY_MODE=adaptive, AWS_MAX_ATTEMPTS=6) or exponential backoff with full jitter, and stop retrying when the retry budget is spent.`,
      command:
        c.input.platform === 'kubernetes' && rootIsWorkload(c)
          ? `kubectl set env deployment/${c.root} -n <namespace> AWS_RETRY_MODE=adaptive AWS_MAX_ATTEMPTS=6`
          : undefined,
    },
  ];
  if (dynamo) {
    fixes.push(
      {
        title: `Give ${by} the capacity its traffic needs`,
        rationale:
          'Provisioned capacity below the peak rejects the excess; on-demand mode absorbs bursts up to twice the previous peak at once.',
        action:
          'Switch the table to on-demand, or raise provisioned capacity and its autoscaling maximum above the observed peak.',
        command: dynamodb.onDemand(table),
      },
      {
        title: `Find hot partition keys on ${by}`,
        rationale:
          'Throttling while the table as a whole is under its capacity means a few keys take more than one partition can serve.',
        action:
          'Turn on Contributor Insights, find the most-accessed keys, and spread them (write sharding, caching of hot reads).',
        command: dynamodb.hotKeys(table),
      },
    );
  } else {
    fixes.push({
      title: `Raise the limit ${client} hits, or request a quota increase`,
      rationale: `The limit of ${by} is below the rate ${client} needs at peak.`,
      action:
        'Find the quota the error names and request an increase sized to the measured peak plus margin.',
      command:
        'aws service-quotas list-service-quotas --service-code <service-code> --query "Quotas[].{name:QuotaName,code:QuotaCode,value:Value}"\naws service-quotas request-service-quota-increase --service-code <service-code> --quota-code <quota-code> --desired-value <value>',
    });
  }
  fixes.push({
    title: `Smooth the request rate of ${client}`,
    rationale: `Bursts from ${client} exceed the limit even when the average does not.`,
    action: `Batch requests, queue writes (SQS) and drain them at a steady rate, or put a client-side rate limiter in ${client} just below the limit.`,
  });
  return fixes;
};

export const permissionFixes: FixBuilder = ({ c, rootOps }) => {
  const r = c.root;
  const action = /perform:?\s*([a-z0-9-]+:[A-Za-z0-9*]+)/i.exec(c.input.signal)?.[1];
  const aws = action !== undefined || /accessdenied|not authorized|arn:aws|iam/i.test(c.input.signal);
  const fixes: DraftFix[] = [
    {
      title: `Find the role ${r} runs as`,
      rationale: `${r} is refused (${c.signal}); the fix belongs to the identity it actually uses, which may not be the one its deployment was meant to use.`,
      action: `Read the role attached to ${r} and check that it is the intended one.`,
      command: rootOps.identity(r) ?? 'aws sts get-caller-identity',
    },
  ];
  if (aws) {
    fixes.push(
      {
        title: `Grant ${action ?? 'the denied action'} to the role of ${r}`,
        rationale: `The policy of that role does not allow ${action ?? 'the action in the error'} on the resource ${r} uses.`,
        action: `Confirm the denial with the policy simulator, then add exactly that action on that resource to the role's policy (not a wildcard), through the same infrastructure code that manages the role.`,
        command: `aws iam simulate-principal-policy --policy-source-arn <role-arn> --action-names ${action ?? '<denied-action>'} --resource-arns <resource-arn>`,
      },
      {
        title: 'Validate IAM policy changes before they are applied',
        rationale:
          'A permission that disappears with a policy edit fails at run time, in production, where it is found last.',
        action:
          'Run IAM Access Analyzer policy validation and a simulation of the actions each service needs in CI for every policy change.',
        command:
          'aws accessanalyzer validate-policy --policy-document file://<policy.json> --policy-type IDENTITY_POLICY',
      },
    );
  } else {
    fixes.push(
      {
        title: `Rotate the credential ${r} presents to ${c.dep ?? 'the provider'}`,
        rationale: `A 401/403 from ${c.dep ?? 'a provider'} means the credential ${r} sends is expired, revoked or lacks a scope.`,
        action:
          'Issue a new credential with the required scopes, store it in Secrets Manager and restart the service so it reads it.',
        command:
          'aws secretsmanager describe-secret --secret-id <secret-id> --query "{rotated:LastRotatedDate,changed:LastChangedDate}"',
      },
      {
        title: 'Rotate provider credentials automatically, with overlap',
        rationale:
          'Credentials replaced by hand expire unnoticed; automatic rotation that keeps the old one valid for a while removes the cliff.',
        action:
          'Turn on Secrets Manager rotation and have services reload the secret on 401 instead of only at start.',
      },
    );
  }
  return fixes;
};
