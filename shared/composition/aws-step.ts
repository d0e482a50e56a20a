import type { MetricsRecorder } from '../ports/metrics.ts';
import type { WorkflowPorts, WorkflowSettings } from '../workflow/deps.ts';
import type { PORT_FIELDS, StepDeps, WorkflowPort } from '../workflow/ports.ts';
import { type FunctionConfig, readFunctionConfig } from './environment.ts';

/** Lets an entry point wrap each SDK client (Powertools Tracer's captureAWSv3Client). */
export type ClientHook = <T>(client: T) => T;

/** What a port's factory builds its adapter from. */
export interface AwsContext {
  config: FunctionConfig;
  hook: ClientHook;
  /** One value per key for the whole composition: ports that reach one service share its client. */
  shared<T>(key: string, make: () => T): T;
}

/** Builds one port's adapter (and only its SDK clients). */
export type PortFactory<K extends WorkflowPort> = (
  context: AwsContext,
) => Pick<WorkflowPorts, (typeof PORT_FIELDS)[K]>;

/** A step's Lambda composition: a factory for each port the step lists, no other. */
export type PortFactories<P extends readonly WorkflowPort[]> = { [K in P[number]]: PortFactory<K> };

/** A shared-client cache for one composition. */
export function awsContext(config: FunctionConfig, hook: ClientHook): AwsContext {
  const values = new Map<string, unknown>();
  return {
    config,
    hook,
    shared<T>(key: string, make: () => T): T {
      if (!values.has(key)) values.set(key, make());
      return values.get(key) as T;
    },
  };
}

/**
 * The adapters of one step in Lambda: the configuration from the environment, and each port the
 * step lists built by its factory. A step's entry point imports only its factories, so its bundle
 * holds only their SDK clients. Every client honours the SDK's standard configuration (region,
 * credentials, AWS_ENDPOINT_URL_<SERVICE>) and retries as SDK_RETRY says.
 */
export function composeStep<const P extends readonly WorkflowPort[]>(
  ports: P,
  factories: PortFactories<P>,
  env: Record<string, string | undefined>,
  metrics: MetricsRecorder,
  hook: ClientHook = (c) => c,
): StepDeps<P> {
  const config = readFunctionConfig(env);
  const context = awsContext(config, hook);
  const settings: WorkflowSettings = {
    metrics,
    logGroups: config.logGroups,
    windows: config.windows,
    consoleUrl: config.consoleUrl,
    clock: () => performance.now(),
  };
  const built = ports.map((port: P[number]) => (factories[port] as PortFactory<P[number]>)(context));
  return Object.assign(settings, ...built) as StepDeps<P>;
}
