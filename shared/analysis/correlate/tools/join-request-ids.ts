import { linkByRequests, orderOfRequests } from '../request-ids.ts';
import type { CorrelationTool } from './correlation-tool.ts';

/** Which suspect failed first on the requests several of them failed on; the first is linked as their origin. */
export const joinRequestIds: CorrelationTool<string[]> = {
  name: 'join_request_ids',
  description:
    'Orders the suspects that failed on the same requests (request and trace ids beside the failures); the one that failed first in most is linked as the origin its callers report.',
  applies: ({ collected }) => collected.requestHops.size > 0,
  parameters: ({ collected, suspects }) => ({
    requestIds: collected.requestHops.size,
    suspects: suspects.size,
  }),
  run: ({ collected, suspects }) =>
    linkByRequests(orderOfRequests(collected.requestHops, suspects), suspects),
  summarize: (edges) => edges.join('; ') || 'no request failed in more than one suspect in a clear order',
  isEmpty: (edges) => edges.length === 0,
  keep: () => 'continue',
};
