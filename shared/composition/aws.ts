/**
 * The AWS clients the CLI creates on demand (`--source cloudwatch`, `--synthesizer bedrock`), with
 * the SDK's standard configuration. The Lambda functions compose per step instead
 * (`aws-steps/<step>.ts`, from the port factories `aws-<port>.ts`), so each bundles only its own clients.
 */
export { createCloudWatchFetcher } from './aws-logs.ts';
export { createBedrockModel } from './aws-model.ts';
export type { ClientHook } from './aws-step.ts';
