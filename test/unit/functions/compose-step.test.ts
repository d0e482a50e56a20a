import { S3Client } from '@aws-sdk/client-s3';
import { describe, expect, it } from 'vitest';
import { composeStep } from '../../../shared/composition/aws-step.ts';
import { findSimilarPorts } from '../../../shared/composition/aws-steps/find-similar.ts';
import { writeNarrativePorts } from '../../../shared/composition/aws-steps/write-narrative.ts';
import { findSimilar } from '../../../shared/workflow/steps/find-similar.ts';
import { writeNarrative } from '../../../shared/workflow/steps/write-narrative.ts';

const ENV = {
  REPORT_BUCKET: 'reports',
  TOPIC_ARN: 'arn:aws:sns:eu-west-1:123456789012:topic',
  INCIDENT_TABLE: 'incidents',
  AWS_REGION: 'eu-west-1',
  WINDOWS_CONFIG: JSON.stringify({ incidentMinutes: 20 }),
};
const metrics = { count: () => {} };

describe('a step composition in Lambda', () => {
  it('builds the adapters of the ports the step lists, and the settings, nothing else', () => {
    const hooked: unknown[] = [];
    const deps = composeStep(
      findSimilar.spec.ports,
      findSimilarPorts,
      { ...ENV, SYNTHESIZER: 'offline' },
      metrics,
      (client) => {
        hooked.push(client);
        return client;
      },
    );
    expect(Object.keys(deps).sort()).toEqual(
      ['blobs', 'clock', 'consoleUrl', 'logGroups', 'metrics', 'store', 'windows'].sort(),
    );
    expect(deps.windows).toEqual({ incidentMinutes: 20 });
    // Offline: no embeddings, so no Bedrock client; one S3 and one DynamoDB client, each hooked.
    expect(hooked.map((c) => (c as object).constructor.name).sort()).toEqual(['DynamoDBClient', 'S3Client']);
    expect(hooked.some((c) => c instanceof S3Client)).toBe(true);
  });

  it('gives write-narrative the model only where the synthesizer is bedrock', () => {
    const offline = composeStep(writeNarrative.spec.ports, writeNarrativePorts, ENV, metrics);
    expect(offline.model).toBeUndefined();
    const bedrock = composeStep(
      writeNarrative.spec.ports,
      writeNarrativePorts,
      { ...ENV, SYNTHESIZER: 'bedrock', BEDROCK_MODEL_ID: 'amazon.nova-lite-v1:0' },
      metrics,
    );
    expect(bedrock.model?.modelId).toBe('amazon.nova-lite-v1:0');
    expect(Object.keys(bedrock)).not.toContain('fetcher');
  });

  it('says which setting is missing instead of building half the adapters', () => {
    const { REPORT_BUCKET: _bucket, ...withoutBucket } = ENV;
    expect(() => composeStep(findSimilar.spec.ports, findSimilarPorts, withoutBucket, metrics)).toThrow(
      /REPORT_BUCKET/,
    );
  });
});
