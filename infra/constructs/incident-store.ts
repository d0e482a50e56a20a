import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import {
  INCIDENT_TABLE_SCHEMA,
  INCIDENT_TTL_ATTRIBUTE,
  type IncidentTableSchema,
} from '../../shared/deployment/index.ts';
import { REPORT_IA_TRANSITION_DAYS } from '../config.ts';

/** Where the functions keep an incident's raw events and evidence (short-lived) and its reports. */
export const RAW_DATA_PREFIX = 'incidents/';
export const REPORTS_PREFIX = 'reports/';

export interface IncidentStoreProps {
  /** Reports are deleted after this many days; 0 keeps them. */
  reportRetentionDays: number;
  /** Raw incident data (`incidents/`) is deleted after this many days. */
  rawDataRetentionDays: number;
}

/**
 * The incident data: the S3 report bucket (raw events, evidence and reports; private, encrypted,
 * TLS only, versioned, with lifecycle rules and server access logs to a separate bucket) and the
 * DynamoDB incident table (on demand, point-in-time recovery, encrypted) defined by the
 * `INCIDENT_TABLE_SCHEMA` that the DynamoDB adapter and the local stand-in also use.
 */
export class IncidentStore extends Construct {
  readonly bucket: s3.Bucket;
  readonly accessLogsBucket: s3.Bucket;
  readonly table: dynamodb.Table;
  /** The names of the table's global secondary indexes (IAM names each one, no `index/*`). */
  readonly indexNames: string[];

  constructor(scope: Construct, id: string, props: IncidentStoreProps) {
    super(scope, id);

    this.accessLogsBucket = new s3.Bucket(this, 'AccessLogs', {
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      // Server access logging delivers only to buckets with SSE-S3 default encryption.
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      lifecycleRules: [{ id: 'expire-access-logs', expiration: Duration.days(365) }],
      removalPolicy: RemovalPolicy.RETAIN,
    });

    this.bucket = new s3.Bucket(this, 'Reports', {
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      versioned: true,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      serverAccessLogsBucket: this.accessLogsBucket,
      serverAccessLogsPrefix: 'report-bucket/',
      removalPolicy: RemovalPolicy.RETAIN,
      lifecycleRules: [
        {
          id: 'expire-raw-incident-data',
          prefix: RAW_DATA_PREFIX,
          expiration: Duration.days(props.rawDataRetentionDays),
          noncurrentVersionExpiration: Duration.days(1),
        },
        {
          id: 'reports-to-infrequent-access',
          prefix: REPORTS_PREFIX,
          transitions: [
            {
              storageClass: s3.StorageClass.INFREQUENT_ACCESS,
              transitionAfter: Duration.days(REPORT_IA_TRANSITION_DAYS),
            },
          ],
          ...(props.reportRetentionDays > 0 ? { expiration: Duration.days(props.reportRetentionDays) } : {}),
          noncurrentVersionExpiration: Duration.days(30),
        },
        {
          id: 'clean-up-uploads-and-delete-markers',
          abortIncompleteMultipartUploadAfter: Duration.days(7),
          expiredObjectDeleteMarker: true,
        },
      ],
    });

    const schema: IncidentTableSchema = INCIDENT_TABLE_SCHEMA;
    const attribute = (name: string): dynamodb.Attribute => {
      const definition = schema.AttributeDefinitions.find((a) => a.AttributeName === name);
      if (!definition?.AttributeType)
        throw new Error(`incident table schema: attribute ${name} is not defined`);
      return { name, type: ATTRIBUTE_TYPES[definition.AttributeType] };
    };
    const keys = (keySchema: IncidentTableSchema['KeySchema']) => {
      const hash = keySchema.find((k) => k.KeyType === 'HASH')?.AttributeName;
      const range = keySchema.find((k) => k.KeyType === 'RANGE')?.AttributeName;
      if (!hash) throw new Error('incident table schema: a key schema has no HASH key');
      return { partitionKey: attribute(hash), ...(range ? { sortKey: attribute(range) } : {}) };
    };

    this.table = new dynamodb.Table(this, 'Incidents', {
      ...keys(schema.KeySchema),
      billingMode:
        schema.BillingMode === 'PROVISIONED'
          ? dynamodb.BillingMode.PROVISIONED
          : dynamodb.BillingMode.PAY_PER_REQUEST,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      encryption: dynamodb.TableEncryption.AWS_MANAGED,
      // Only the console's logout records carry it: an hour after a logout no session it voided is open.
      timeToLiveAttribute: INCIDENT_TTL_ATTRIBUTE,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.indexNames = [];
    for (const index of schema.GlobalSecondaryIndexes) {
      if (!index.IndexName || !index.KeySchema)
        throw new Error('incident table schema: an index has no name or keys');
      this.table.addGlobalSecondaryIndex({
        indexName: index.IndexName,
        ...keys(index.KeySchema),
        projectionType: PROJECTIONS[index.Projection?.ProjectionType ?? 'ALL'],
        ...(index.Projection?.NonKeyAttributes
          ? { nonKeyAttributes: index.Projection.NonKeyAttributes }
          : {}),
      });
      this.indexNames.push(index.IndexName);
    }
  }

  /** The ARNs of the table's indexes, each by name. */
  indexArns(): string[] {
    return this.indexNames.map((name) => `${this.table.tableArn}/index/${name}`);
  }
}

const ATTRIBUTE_TYPES: Record<'S' | 'N' | 'B', dynamodb.AttributeType> = {
  S: dynamodb.AttributeType.STRING,
  N: dynamodb.AttributeType.NUMBER,
  B: dynamodb.AttributeType.BINARY,
};

const PROJECTIONS: Record<'ALL' | 'KEYS_ONLY' | 'INCLUDE', dynamodb.ProjectionType> = {
  ALL: dynamodb.ProjectionType.ALL,
  KEYS_ONLY: dynamodb.ProjectionType.KEYS_ONLY,
  INCLUDE: dynamodb.ProjectionType.INCLUDE,
};
