import { INCIDENT_STATUSES, type IncidentStatus, type IncidentTriage } from '../ports/incident-store.ts';
import { incidentPath } from './paths.ts';
import { message, redirect } from './responses.ts';
import type { ConsoleDeps, ConsoleResponse } from './types.ts';

/** The status form's field names. */
export const TRIAGE_FIELDS = { token: 'token', status: 'status', owner: 'owner' } as const;

/** Longest accepted owner (the input says the same with maxlength). */
export const MAX_OWNER = 120;

export const STATUS_LABELS: Readonly<Record<IncidentStatus, string>> = {
  open: 'Open',
  acknowledged: 'Acknowledged',
  resolved: 'Resolved',
};

export type TriageFormResult =
  | { ok: true; status: IncidentStatus; owner?: string }
  | { ok: false; error: string };

/** Control and format characters (bidi overrides, zero-width) have no place in a name. */
const INVISIBLE = /[\p{Cc}\p{Cf}\u2028\u2029]/gu;

/** The posted status form: a known status, and an owner that is one visible line (empty: nobody). */
export function readTriageForm(form: Readonly<Record<string, string>>): TriageFormResult {
  const status = INCIDENT_STATUSES.find((s) => s === form[TRIAGE_FIELDS.status]);
  if (!status) return { ok: false, error: `Choose a status: ${INCIDENT_STATUSES.join(', ')}.` };
  const owner = (form[TRIAGE_FIELDS.owner] ?? '').replace(INVISIBLE, ' ').replace(/\s+/g, ' ').trim();
  if (owner.length > MAX_OWNER) return { ok: false, error: `Keep the owner under ${MAX_OWNER} characters.` };
  return { ok: true, status, ...(owner ? { owner } : {}) };
}

/**
 * The status form's POST: checked with the feedback form's anti-forgery token, written with the
 * store's `updateTriage` (nothing else of the record changes), then post/redirect/get.
 */
export async function postTriage(
  incidentId: string,
  form: Readonly<Record<string, string>>,
  deps: ConsoleDeps,
  by?: string,
): Promise<ConsoleResponse> {
  if (!deps.tokens.verify(incidentId, form[TRIAGE_FIELDS.token] ?? '')) {
    return message(
      403,
      'Status not saved',
      'The form did not come from this console, or it has expired. Open the incident again and resubmit.',
    );
  }
  const parsed = readTriageForm(form);
  if (!parsed.ok) return message(400, 'Status not saved', parsed.error);
  const triage: IncidentTriage = {
    status: parsed.status,
    ...(parsed.owner ? { owner: parsed.owner } : {}),
    at: deps.now().toISOString(),
    ...(by ? { by } : {}),
  };
  const updated = await deps.store.updateTriage(incidentId, triage);
  if (!updated) {
    return message(
      404,
      'Not found',
      'There is no such incident. It may have been mistyped, or not analyzed yet.',
    );
  }
  return redirect(`${incidentPath(incidentId)}?triage=saved#section-triage`, {}, 303);
}
