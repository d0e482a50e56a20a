import { Token } from 'aws-cdk-lib';
import { DEFAULT_BEDROCK_MODEL_ID } from '../shared/deployment/index.ts';

/**
 * Which Bedrock model the deployed synthesizer calls, and where a cross-region inference profile
 * sends the call (what IAM must allow). Pure: no CDK constructs, tested on its own.
 */

/** The foundation model the stack uses unless `bedrockModelId` names another. */
export const DEFAULT_FOUNDATION_MODEL = DEFAULT_BEDROCK_MODEL_ID;

/** Cross-region inference profile ids start with a geography: `eu.amazon.nova-pro-v1:0`. */
export const INFERENCE_PROFILE_PREFIX = /^(us|us-gov|eu|apac|jp|au|ca|global)\.(.+)$/;

/**
 * The regions each geographic profile of the default model routes requests to, as the Bedrock
 * user guide lists them ("Supported Regions and models for inference profiles"). A profile not
 * listed here is granted on every region, limited to calls made through that profile.
 */
export const PROFILE_DESTINATIONS: Readonly<Record<string, readonly string[]>> = {
  'us.amazon.nova-pro-v1:0': ['us-east-1', 'us-east-2', 'us-west-2'],
  'eu.amazon.nova-pro-v1:0': ['eu-central-1', 'eu-north-1', 'eu-west-1', 'eu-west-3'],
  'apac.amazon.nova-pro-v1:0': [
    'ap-northeast-1',
    'ap-northeast-2',
    'ap-south-1',
    'ap-southeast-1',
    'ap-southeast-2',
  ],
};

/** The geography prefix of a region's system-defined inference profiles, or null where there is none. */
export function profileGeography(region: string): string | null {
  if (region.startsWith('us-gov-')) return 'us-gov';
  if (region.startsWith('us-')) return 'us';
  if (region.startsWith('eu-')) return 'eu';
  if (region.startsWith('ap-')) return 'apac';
  return null;
}

export interface ModelChoice {
  modelId: string;
  /** Why the choice may not work as is (said as a synth warning). */
  warning?: string;
}

/**
 * The model id for a stack in `region`: the configured one, else the default model's inference
 * profile of the region's geography (Nova models are served on demand through a profile in most
 * regions), else the foundation model itself with a warning.
 */
export function chooseBedrockModel(region: string, configured: string | undefined): ModelChoice {
  const geography = Token.isUnresolved(region) ? null : profileGeography(region);
  if (configured) {
    const prefix = INFERENCE_PROFILE_PREFIX.exec(configured)?.[1];
    if (prefix && geography && prefix !== geography && prefix !== 'global') {
      return {
        modelId: configured,
        warning: `bedrockModelId ${configured} is a ${prefix}. inference profile, but the stack's region ${region} belongs to ${geography}.: a profile can only be called from the regions of its geography.`,
      };
    }
    return { modelId: configured };
  }
  if (geography) return { modelId: `${geography}.${DEFAULT_FOUNDATION_MODEL}` };
  return {
    modelId: DEFAULT_FOUNDATION_MODEL,
    warning: `no geographic inference profile is known for ${region}: the stack calls ${DEFAULT_FOUNDATION_MODEL} in-region. Set -c bedrockModelId=<model or profile id> if the model is not served on demand there.`,
  };
}

export interface ModelGrant {
  /** ARNs bedrock:InvokeModel is allowed on without condition. */
  resources: string[];
  /** Foundation-model ARNs in any region, allowed only through `profileArn` (an unlisted profile). */
  routedThroughProfile?: { resources: string[]; profileArn: string };
}

/**
 * What `bedrock:InvokeModel` needs for a model id: the foundation model in this region; or, for a
 * cross-region profile, the profile and the foundation model in each region it routes to. A full
 * ARN (an application inference profile, a provisioned model) is used as given.
 */
export function bedrockModelGrant(
  partition: string,
  region: string,
  account: string,
  modelId: string,
): ModelGrant {
  if (modelId.startsWith('arn:')) return { resources: [modelId] };
  const foundationModel = (where: string, id: string) =>
    `arn:${partition}:bedrock:${where}::foundation-model/${id}`;
  const profile = INFERENCE_PROFILE_PREFIX.exec(modelId);
  const model = profile?.[2];
  if (!model) return { resources: [foundationModel(region, modelId)] };
  const profileArn = `arn:${partition}:bedrock:${region}:${account}:inference-profile/${modelId}`;
  const destinations = PROFILE_DESTINATIONS[modelId];
  if (destinations) {
    return { resources: [profileArn, ...destinations.map((where) => foundationModel(where, model))] };
  }
  return {
    resources: [profileArn],
    routedThroughProfile: { resources: [foundationModel('*', model)], profileArn },
  };
}
