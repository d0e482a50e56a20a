import { FeedbackError, recordFeedback } from '../analysis/similarity/feedback.ts';
import { parseReport, type Report } from '../domain/report.ts';
import { type IncidentRecord, IncidentStoreUnavailableError } from '../ports/incident-store.ts';
import { authenticate } from './auth/gate.ts';
import { CONSOLE_CSS_TEXT } from './console-style.ts';
import { FEEDBACK_FIELDS, type FeedbackFormValues, readFeedbackForm } from './feedback-form.ts';
import { filterProblems } from './filter-problems.ts';
import { loadIncidentPage } from './incident-list.ts';
import { parseFilters } from './list-filters.ts';
import type { FeedbackView } from './pages/feedback-section.ts';
import { renderListPage } from './pages/list-page.ts';
import { renderRecordOnlyPage, renderReportPage } from './pages/report-page.ts';
import { incidentPath, route } from './paths.ts';
import { message, PAGE_HEADERS, page } from './responses.ts';
import { postTriage } from './triage.ts';
import type { ConsoleDeps, ConsoleRequest, ConsoleResponse } from './types.ts';

const notAllowed = (allow: string) =>
  message(405, 'Method not allowed', `This address accepts ${allow} only.`, { allow });

/** Every console request: the pages (GET/HEAD), the stylesheet, and the feedback form's POST. */
export async function handleConsoleRequest(req: ConsoleRequest, deps: ConsoleDeps): Promise<ConsoleResponse> {
  try {
    return await dispatch(req, deps);
  } catch (error) {
    if (error instanceof IncidentStoreUnavailableError) {
      return message(
        503,
        'The incident store is damaged',
        `The console cannot read its incident store: ${error.message}. The report files are not affected.`,
      );
    }
    deps.onError?.(error);
    return message(
      500,
      'Something went wrong',
      'The console could not answer this request. Try again shortly.',
    );
  }
}

async function dispatch(req: ConsoleRequest, deps: ConsoleDeps): Promise<ConsoleResponse> {
  let author: string | undefined;
  if (deps.auth) {
    const gate = await authenticate(req, deps.auth, deps.now());
    if ('response' in gate) return gate.response;
    if (gate.session) {
      deps.onSession?.(gate.session);
      // The feedback forms of a signed-in user are bound to their session, and signed by them.
      deps = { ...deps, tokens: gate.tokens };
      author = gate.session.email || gate.session.sub;
    }
  }
  const method = req.method.toUpperCase();
  const read = method === 'GET' || method === 'HEAD';
  const target = route(req.path);
  switch (target.page) {
    case 'list': {
      if (!read) return notAllowed('GET');
      const filters = parseFilters(req.query);
      const context = {
        problems: filterProblems(req.query, filters),
        notes: (await deps.storeNotes?.()) ?? [],
        now: deps.now(),
      };
      return page(200, renderListPage(await loadIncidentPage(deps, filters), filters, context));
    }
    case 'stylesheet':
      if (!read) return notAllowed('GET');
      return {
        status: 200,
        headers: {
          'content-type': 'text/css; charset=utf-8',
          'x-content-type-options': 'nosniff',
          'cache-control': 'private, max-age=3600',
        },
        body: CONSOLE_CSS_TEXT,
      };
    case 'incident': {
      if (!read) return notAllowed('GET');
      const record = await deps.store.get(target.incidentId);
      if (!record) return notFound();
      return incidentPage(200, record, deps, {
        saved: req.query.feedback === 'saved',
        triageSaved: req.query.triage === 'saved',
      });
    }
    case 'feedback':
      if (method !== 'POST') return notAllowed('POST');
      return postFeedback(target.incidentId, req.form ?? {}, deps, author);
    case 'triage':
      if (method !== 'POST') return notAllowed('POST');
      return postTriage(target.incidentId, req.form ?? {}, deps, author);
    case 'not-found':
      return notFound();
  }
}

function notFound(): ConsoleResponse {
  return message(
    404,
    'Not found',
    'There is no such page or incident. It may have been mistyped, or not analyzed yet.',
  );
}

async function readReport(record: IncidentRecord, deps: ConsoleDeps): Promise<Report | null> {
  let text: string;
  try {
    text = await deps.blobs.get(record.reportLocation);
  } catch {
    return null;
  }
  const parsed = parseReport(JSON.parse(text));
  if (!parsed.ok) throw new Error(`${record.reportLocation}: ${parsed.error}`);
  return parsed.report;
}

async function incidentPage(
  status: number,
  record: IncidentRecord,
  deps: ConsoleDeps,
  view: Omit<FeedbackView, 'token'>,
): Promise<ConsoleResponse> {
  const feedback: FeedbackView = { ...view, token: deps.tokens.issue(record.incidentId) };
  const report = await readReport(record, deps);
  return page(
    status,
    report ? renderReportPage(report, record, feedback) : renderRecordOnlyPage(record, feedback),
  );
}

async function postFeedback(
  incidentId: string,
  form: Readonly<Record<string, string>>,
  deps: ConsoleDeps,
  author?: string,
): Promise<ConsoleResponse> {
  if (!deps.tokens.verify(incidentId, form[FEEDBACK_FIELDS.token] ?? '')) {
    return message(
      403,
      'Feedback not saved',
      'The form did not come from this console, or it has expired. Open the incident again and resubmit.',
    );
  }
  const record = await deps.store.get(incidentId);
  if (!record) return notFound();
  const refused = (error: string, values: FeedbackFormValues) =>
    incidentPage(400, record, deps, { submitted: { error, values } });
  const parsed = readFeedbackForm(form);
  if (!parsed.ok) return refused(parsed.error, parsed.values);
  try {
    await recordFeedback(
      deps.store,
      incidentId,
      { ...parsed.input, ...(author ? { author } : {}) },
      deps.now(),
    );
  } catch (error) {
    if (error instanceof FeedbackError) return refused(sentence(error.message), parsed.values);
    throw error;
  }
  // Post/redirect/get: reloading the page shows the verdict without posting it again.
  return {
    status: 303,
    headers: { ...PAGE_HEADERS, location: `${incidentPath(incidentId)}?feedback=saved#section-feedback` },
    body: '',
  };
}

const sentence = (text: string): string =>
  `${text.charAt(0).toUpperCase()}${text.slice(1)}${/[.!?]$/.test(text) ? '' : '.'}`;
