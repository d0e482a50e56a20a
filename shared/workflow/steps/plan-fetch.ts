import type { LogFetcher } from '../../ports/log-fetcher.ts';
import { alarmWindows } from '../event-parts.ts';
import { DEFAULT_SLICING, planFetchSlices } from '../fetch-slices.ts';
import { resolveLogGroups } from '../log-group-resolution.ts';
import type { StepDeps } from '../ports.ts';
import { incidentKey, SHARDS, type StateWith, type StepState, withNotes } from '../state.ts';
import { defineStep, LAMBDA_TRANSIENT } from '../step.ts';

/**
 * A log store that names its own groups (an incident folder) is asked for them; CloudWatch Logs
 * names none, so the Lambda is given no fetcher (and no CloudWatch Logs client or grant).
 */
type KnownGroups = { fetcher?: Pick<LogFetcher, 'knownLogGroups'> };

/**
 * Plans the fetch of the analysis window (baseline + incident window): resolves the log groups
 * from the alarm and cuts the work into slices of groups and time (fetch-slices.ts), which the
 * fetch-slices Map reads one per run. Reads no log itself: the state gets the slices (a few KB at
 * most), the stream-hash buckets the collection runs over, and notes on where the groups came from.
 */
export const planFetch = defineStep(
  {
    name: 'plan-fetch',
    description:
      'Resolves the log groups and the window of the alarm and cuts the fetch into slices of groups and time',
    ports: ['blobs', 'alarm-tags'],
    timeoutSeconds: 60,
    memoryMb: 512,
    inStateMachine: true,
    retry: [LAMBDA_TRANSIENT],
    catchTo: 'record-failure',
    next: 'fetch-telemetry',
  },
  async (
    state: StepState,
    deps: StepDeps<readonly ['blobs', 'alarm-tags']> & KnownGroups,
  ): Promise<StateWith<'eventsKey' | 'slices' | 'buckets' | 'logGroups' | 'logGroupSources' | 'notes'>> => {
    const { windows, alarm } = await alarmWindows(state, deps);
    const alarmTags = deps.alarmTags ? await deps.alarmTags.tagsOf(alarm.arn) : undefined;
    const resolved = resolveLogGroups({
      alarm,
      ...(alarmTags ? { alarmTags } : {}),
      stageConfig: deps.logGroups,
      ...(deps.explicitLogGroups ? { explicit: deps.explicitLogGroups } : {}),
    });
    // A store that names its own groups (an incident folder) holds only the incident's lines: all of
    // them are read, as the direct analysis reads them, whatever the alarm's dimensions suggest.
    const known = deps.fetcher?.knownLogGroups?.() ?? [];
    const logGroups = known.length > 0 ? known : resolved.logGroups;
    const reasons = known.length > 0 ? ['the log store names its own groups'] : resolved.reasons;
    const eventsKey = incidentKey(state.incidentId, 'events/');
    if (logGroups.length === 0) {
      return withNotes({ ...state, eventsKey, slices: [], buckets: [] }, [
        `No log group is known for alarm ${alarm.name}: configure logGroups for it, or tag the alarm with incidentiq:log-groups.`,
      ]);
    }
    const slices = planFetchSlices(
      logGroups,
      { startTime: windows.baselineStart, endTime: windows.incidentEnd },
      { ...DEFAULT_SLICING, ...deps.fetchSlicing },
    );
    const buckets = Array.from({ length: Math.max(1, deps.shards ?? SHARDS) }, (_, i) => i);
    return { ...state, eventsKey, slices, buckets, logGroups, logGroupSources: reasons };
  },
);
