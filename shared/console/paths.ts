import { INCIDENT_ID_PATTERN } from '../domain/incident-id.ts';

/** The console's URLs, in one place: pages link with these, the router matches them. */

export const LIST_PATH = '/';
export const STYLESHEET_PATH = '/assets/console.css';

export function incidentPath(incidentId: string): string {
  return `/incidents/${encodeURIComponent(incidentId)}`;
}

export function feedbackPath(incidentId: string): string {
  return `${incidentPath(incidentId)}/feedback`;
}

/** Where the incident's status and owner form posts. */
export function triagePath(incidentId: string): string {
  return `${incidentPath(incidentId)}/status`;
}

export type Route =
  | { page: 'list' }
  | { page: 'stylesheet' }
  | { page: 'incident'; incidentId: string }
  | { page: 'feedback'; incidentId: string }
  | { page: 'triage'; incidentId: string }
  | { page: 'not-found' };

/** Which page a path is; only well-formed incident ids reach the store. */
export function route(path: string): Route {
  if (path === LIST_PATH || path === '/incidents' || path === '/incidents/') return { page: 'list' };
  if (path === STYLESHEET_PATH) return { page: 'stylesheet' };
  const match = /^\/incidents\/([^/]+)(\/feedback|\/status)?\/?$/.exec(path);
  const incidentId = match?.[1];
  if (!incidentId || !INCIDENT_ID_PATTERN.test(incidentId)) return { page: 'not-found' };
  if (match[2] === '/status') return { page: 'triage', incidentId };
  return match[2] ? { page: 'feedback', incidentId } : { page: 'incident', incidentId };
}
