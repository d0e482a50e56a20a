import {
  AccessDeniedException,
  LimitExceededException,
  ResourceNotFoundException,
  type ResultField,
  ThrottlingException,
} from '@aws-sdk/client-cloudwatch-logs';
import type { LogEvent } from '../../../../shared/domain/log-event.ts';

/** A window start on a whole second, so Insights' second-granular slices line up with it. */
export const T0 = 1_775_659_200_000;

/** A clock that only moves when the fetcher sleeps; every sleep is recorded, none waits. */
export function fakeTime(start = 0) {
  let now = start;
  const sleeps: number[] = [];
  return {
    sleeps,
    clock: () => now,
    sleep: async (ms: number) => {
      sleeps.push(ms);
      now += ms;
    },
  };
}

export async function collect(events: AsyncIterable<LogEvent>): Promise<LogEvent[]> {
  const out: LogEvent[] = [];
  for await (const event of events) out.push(event);
  return out;
}

/** A throttling error as the SDK client throws it after its retries (`attempts` calls in all). */
export const throttled = (attempts?: number) =>
  new ThrottlingException({
    message: 'Rate exceeded',
    $metadata: attempts === undefined ? {} : { attempts },
  });
export const tooManyQueries = (attempts?: number) =>
  new LimitExceededException({
    message: 'too many concurrent queries',
    $metadata: attempts === undefined ? {} : { attempts },
  });
export const notFound = () =>
  new ResourceNotFoundException({ message: 'The specified log group does not exist.', $metadata: {} });
export const accessDenied = () =>
  new AccessDeniedException({ message: 'not authorized to perform: logs:FilterLogEvents', $metadata: {} });

/** An Insights result row as GetQueryResults returns it (with the `@ptr` field Insights adds). */
export function row(at: number, group: string, message: string, stream = 's1'): ResultField[] {
  const timestamp = new Date(at).toISOString().replace('T', ' ').replace('Z', '');
  return [
    { field: '@timestamp', value: timestamp },
    { field: '@message', value: message },
    { field: '@logStream', value: stream },
    { field: '@log', value: `123456789012:${group}` },
    { field: '@ptr', value: 'CmAKJwojMTIzNDU2Nzg5MDEyOi9lY3MvcGF5bWVudHMQBxIFGgIYAg==' },
  ];
}
