import {
  callersPhrase,
  type DraftFix,
  type FixBuilder,
  rollbackRoot,
  safeRolloutAction,
} from './fix-draft.ts';
import { sqs } from './store-commands.ts';

export const badDeploymentFixes: FixBuilder = (env) => {
  const { c, rootOps } = env;
  const r = c.root;
  const release = c.changeName ?? `the new release of ${r}`;
  return [
    rollbackRoot(
      env,
      `Errors in ${r} (${c.signal}) began right after a new release started, and nothing more specific explains them; the previous release served the same traffic without them.`,
    ),
    {
      title: `Find what ${release} changed on the failing path`,
      rationale: `The signal ${c.signal} names the code path that broke; the difference between the two releases on that path is the defect.`,
      action: `Diff the two releases of ${r} (code, dependency versions, configuration) around the code that logs the error, and reproduce the failing request against the new release in staging.`,
      command: rootOps.history(r),
    },
    {
      title: `Stop a failing release of ${r} before it replaces the healthy one`,
      rationale: `The new release took all of ${r}'s traffic although it failed, so ${callersPhrase(c)} saw the errors at full volume.`,
      action: `Roll out with automatic rollback on failure: ${safeRolloutAction(c.input.platform)}.`,
      command: rootOps.safeRollout(r),
    },
    {
      title: `Add a post-deploy smoke test for the path that failed`,
      rationale: `No test exercised the request that fails with ${c.signal} before the release took traffic.`,
      action: `Add that request to the smoke tests the pipeline runs against the new release before shifting traffic, and fail the deployment when it errors.`,
    },
  ].filter((f): f is DraftFix => f !== null);
};

/** The name of the setting the error names, when it is an UPPER_SNAKE environment variable. */
function settingName(signal: string): string | null {
  return /\b[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+\b/.exec(signal)?.[0] ?? null;
}

export const configFixes: FixBuilder = ({ c, rootOps }) => {
  const r = c.root;
  const setting = settingName(c.input.signal);
  const named = setting ?? 'the missing setting';
  const secret = setting !== null && /SECRET|TOKEN|KEY|PASSWORD|CREDENTIAL/.test(setting);
  const envCheck = rootOps.envNames(r);
  const secretCheck = secret ? 'aws secretsmanager describe-secret --secret-id <secret-id>' : undefined;
  return [
    {
      title: `Restore ${named} in the configuration of ${r}`,
      rationale: `${r} fails (${c.signal}) because ${named} is missing or invalid in the environment it starts with${c.change ? `, since ${c.change}` : ''}.`,
      action: `List the settings ${r} receives and compare them with the last working revision; add ${named}${secret ? ' as a reference to its secret (not a plain value)' : ''} and redeploy.`,
      command: [envCheck, secretCheck].filter((x) => x !== undefined).join('\n') || undefined,
    },
    {
      title: `Validate the configuration of ${r} at start, before it takes traffic`,
      rationale: `A release that cannot start should leave the old one serving; here ${callersPhrase(c)} lost ${r} because the broken revision replaced the working one.`,
      action: `Check every required setting at start and exit with a clear message if one is missing, and ${safeRolloutAction(c.input.platform)}.`,
      command: rootOps.safeRollout(r),
    },
    {
      title: `Check required settings of ${r} in CI`,
      rationale: `The list of settings ${r} needs lives in its code, while the values live in the deployment definition; nothing compared the two before the deploy.`,
      action: `Declare the required settings in one schema, and fail the pipeline when the deployment definition (task definition, manifest, function configuration) lacks one.`,
    },
  ];
};

export const crashLoopFixes: FixBuilder = (env) => {
  const { c, rootOps } = env;
  const r = c.root;
  return [
    {
      title: `Read why ${r} exits`,
      rationale: `${r} keeps crashing and restarting (${c.signal}); the exit code and the last lines before each exit name the failing code path, and each restart drops the requests in flight.`,
      action: `Read the logs of the previous (crashed) instance and its exit reason: an exception or panic points at code, exit 137 at memory, a failed health check at start-up time.`,
      command: rootOps.crashLogs(r),
    },
    rollbackRoot(
      env,
      `No change was found before the crashes, but if the crashing code is new, the release of ${r} that last ran without them is the fastest way to restore service.`,
    ),
    {
      title: `Handle the error that crashes ${r}`,
      rationale: `An unhandled error in one request or message (${c.signal}) takes the whole process down, so one bad input stops ${r} for everyone.`,
      action: `Catch errors at the request or message boundary, return an error for that input only, and add a regression test with the input that crashed it.`,
    },
    {
      title: `Keep a crashing version of ${r} from replacing healthy instances`,
      rationale: `The crashing instances replaced working ones, so no healthy instance of ${r} was left to serve.`,
      action: `Add a start-up check and ${safeRolloutAction(c.input.platform)}.`,
      command: rootOps.safeRollout(r),
    },
  ].filter((f): f is DraftFix => f !== null);
};

export const dataErrorFixes: FixBuilder = ({ c }) => {
  const r = c.root;
  const consumers = c.callerList;
  const fixes: DraftFix[] = [];
  if (consumers) {
    fixes.push(
      {
        title: `Make ${r} return what its consumers expect`,
        rationale: `${r} sends data ${consumers} cannot parse (${c.signal}), so every response becomes an error downstream.`,
        action: `Find what changed in ${r}'s responses (content type, schema, an HTML maintenance or error page served with 200) and restore the contract; when ${r} cannot serve, it should answer 503 with its usual content type.`,
        command: `curl -sS -o /dev/null -w '%{http_code} %{content_type}\\n' <url-of-${r}>`,
      },
      {
        title: `Validate responses in ${consumers} before parsing`,
        rationale: `${consumers} parsed whatever ${r} returned, so an unexpected body became an exception instead of a handled dependency failure.`,
        action: `Check status and content type, validate the body against a schema, and degrade (render or process without that data) when it does not match.`,
      },
    );
  } else {
    fixes.push({
      title: `Find the records ${r} cannot parse`,
      rationale: `${r} fails on malformed input (${c.signal}); knowing the source and shape of the bad records tells a bad producer from a wrong parser.`,
      action: `Log the id, source and first bytes of each record that fails to parse, and compare them with the schema ${r} expects.`,
    });
  }
  const queued = c.storeKind === 'sqs' || c.storeKind === 'kafka' || c.storeKind === 'rabbitmq';
  if (queued || !consumers) {
    fixes.push({
      title: `Quarantine malformed input instead of failing on it`,
      rationale: `Each malformed record made ${r}${consumers ? ` or ${consumers}` : ''} fail or retry forever, holding up the valid ones behind it.`,
      action:
        'Move records that fail validation to a dead-letter queue (maxReceiveCount 5) with the error attached, and continue with the rest.',
      command: c.storeKind === 'sqs' ? sqs.deadLetter() : undefined,
    });
  }
  fixes.push({
    title: `Add contract tests between ${r} and its consumers`,
    rationale: 'The format changed without any test noticing that a consumer depends on it.',
    action: `Add consumer-driven contract tests (e.g. Pact) or a versioned schema that ${r}'s pipeline checks before release.`,
  });
  return fixes;
};
