import { beforeEach, describe, expect, it } from 'vitest';
import { incidentRecord } from '../../../shared/analysis/similarity/incident-memory.ts';
import { handleConsoleRequest } from '../../../shared/console/router.ts';
import type { ConsoleRequest } from '../../../shared/console/types.ts';
import type { Report } from '../../../shared/domain/report.ts';
import { IncidentStoreUnavailableError } from '../../../shared/ports/incident-store.ts';
import { d02Report } from '../domain/d02-report.fixture.ts';
import { addReport, consoleDeps, variant } from './console-fakes.ts';

const LEDGER = 'INC-0000be01';
const QUEUE = 'INC-0000be02';

const get = (path: string, query: Record<string, string> = {}): ConsoleRequest => ({
  method: 'GET',
  path,
  query,
});
const post = (path: string, form: Record<string, string>): ConsoleRequest => ({
  method: 'POST',
  path,
  query: {},
  form,
});
const listedIds = (body: string): string[] =>
  [...body.matchAll(/<th scope="row"><a href="\/incidents\/(INC-[0-9a-f]{8})">/g)].map((m) => m[1] ?? '');

/** A ledger release that broke the connection pool; its trigger and one quoted line are ours. */
function ledgerReport(): Report {
  const report = variant(d02Report(), {
    id: LEDGER,
    at: '2026-10-20T09:00:00.000Z',
    title: 'Ledger API refuses connections',
    service: 'ledger-api',
    faultClass: 'connection_pool_exhaustion',
    summary: 'ledger-api exhausted its database connection pool.',
  });
  report.forensics.trigger = {
    hypothesis: 'The deploy of ledger-api release 7.3.9 halved the pool size.',
    evidence: 'ledger-api logged "starting release=7.3.9" two minutes before the first refusal.',
    confidence: 0.7,
  };
  const first = report.evidence.lines[0];
  if (first)
    report.evidence.lines = [
      { ...first, text: 'pool exhausted: waited 30000ms for a free slot (tenant=acme-north)' },
    ];
  return report;
}

describe('status, owner, verdict and search in the console', () => {
  let deps: ReturnType<typeof consoleDeps>;

  beforeEach(async () => {
    deps = consoleDeps();
    await addReport(deps, ledgerReport());
    await addReport(
      deps,
      variant(d02Report(), {
        id: QUEUE,
        at: '2026-10-21T09:00:00.000Z',
        title: 'Invoice queue backs up',
        service: 'invoice-worker',
        faultClass: 'queue_backlog',
        summary: 'invoice-worker stopped consuming.',
      }),
      {
        resolution: 'Did a rollback of the worker image',
        feedback: { verdict: 'confirmed', at: '2026-10-21T10:00:00.000Z' },
      },
    );
  });

  async function changeStatus(id: string, form: Record<string, string>) {
    return handleConsoleRequest(
      post(`/incidents/${id}/status`, { token: deps.tokens.issue(id), ...form }),
      deps,
    );
  }

  it('changes status and owner with a POST, then shows them on the page and in the list', async () => {
    const res = await changeStatus(LEDGER, { status: 'acknowledged', owner: 'Priya (payments on-call)' });
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe(`/incidents/${LEDGER}?triage=saved#section-triage`);

    const page = await handleConsoleRequest(get(`/incidents/${LEDGER}`, { triage: 'saved' }), deps);
    expect(page.body).toContain('Status saved: Acknowledged.');
    expect(page.body).toContain('<option value="acknowledged" selected>');
    expect(page.body).toContain('value="Priya (payments on-call)"');

    const list = await handleConsoleRequest(get('/'), deps);
    const ledgerRow = list.body.split('<tr>').find((row) => row.includes(LEDGER)) ?? '';
    expect(ledgerRow).toContain('status-acknowledged');
    expect(ledgerRow).toContain('Priya (payments on-call)');
    const queueRow = list.body.split('<tr>').find((row) => row.includes(QUEUE)) ?? '';
    expect(queueRow).toContain('status-open');
    expect(queueRow).toContain('no owner');
  });

  it('keeps the triage when the incident is analyzed again', async () => {
    await changeStatus(LEDGER, { status: 'resolved', owner: 'sam' });
    const existing = await deps.store.get(LEDGER);
    const rewritten = incidentRecord(ledgerReport(), `reports/${LEDGER}/report.json`, existing);
    expect(rewritten.triage).toMatchObject({
      status: 'resolved',
      owner: 'sam',
      at: '2026-11-01T00:00:00.000Z',
    });
  });

  it('refuses a status post without the token, or with an unknown status, and changes nothing', async () => {
    const forged = await handleConsoleRequest(
      post(`/incidents/${LEDGER}/status`, { status: 'resolved' }),
      deps,
    );
    expect(forged.status).toBe(403);
    const otherToken = await handleConsoleRequest(
      post(`/incidents/${LEDGER}/status`, { status: 'resolved', token: deps.tokens.issue(QUEUE) }),
      deps,
    );
    expect(otherToken.status).toBe(403);
    const unknown = await changeStatus(LEDGER, { status: 'closed' });
    expect(unknown.status).toBe(400);
    expect((await deps.store.get(LEDGER))?.triage).toBeUndefined();
    expect((await handleConsoleRequest(get(`/incidents/${LEDGER}/status`), deps)).status).toBe(405);
    expect((await changeStatus('INC-0000ffff', { status: 'resolved' })).status).toBe(404);
  });

  it('keeps an owner to one visible line, with markup shown as text', async () => {
    await changeStatus(LEDGER, { status: 'acknowledged', owner: 'eve\u202e<b>x</b>\nadmin\u0007' });
    expect((await deps.store.get(LEDGER))?.triage?.owner).toBe('eve <b>x</b> admin');
    const list = await handleConsoleRequest(get('/'), deps);
    expect(list.body).toContain('eve &lt;b&gt;x&lt;/b&gt; admin');
    expect((await changeStatus(LEDGER, { status: 'open', owner: 'x'.repeat(121) })).status).toBe(400);
  });

  it('shows the feedback verdict in the list', async () => {
    const list = await handleConsoleRequest(get('/'), deps);
    const queueRow = list.body.split('<tr>').find((row) => row.includes(QUEUE)) ?? '';
    expect(queueRow).toContain('<span class="badge verdict-confirmed">Cause confirmed</span>');
    const ledgerRow = list.body.split('<tr>').find((row) => row.includes(LEDGER)) ?? '';
    expect(ledgerRow).not.toContain('verdict-');
  });

  it.each([
    ['7.3.9', [LEDGER]],
    ['rollback', [QUEUE]],
    ['invoice-worker', [QUEUE]],
    ['tenant=acme-north', [LEDGER]],
    ['RELEASE 7.3.9 pool', [LEDGER]],
  ])('search for %j finds the trigger, resolution, services and quoted lines', async (q, expected) => {
    const res = await handleConsoleRequest(get('/', { q }), deps);
    expect(listedIds(res.body)).toEqual(expected);
  });

  it('finds by owner and filters by status', async () => {
    await changeStatus(QUEUE, { status: 'resolved', owner: 'night shift' });
    expect(listedIds((await handleConsoleRequest(get('/', { q: 'night shift' }), deps)).body)).toEqual([
      QUEUE,
    ]);
    expect(listedIds((await handleConsoleRequest(get('/', { status: 'open' }), deps)).body)).toEqual([
      LEDGER,
    ]);
    expect(listedIds((await handleConsoleRequest(get('/', { status: 'resolved' }), deps)).body)).toEqual([
      QUEUE,
    ]);
  });

  it('says which filters it could not apply', async () => {
    const res = await handleConsoleRequest(
      get('/', { status: 'done', from: '2026-10-22', to: '2026-10-01' }),
      deps,
    );
    expect(res.body).toContain('role="alert" id="filter-problems"');
    expect(res.body).toContain('Status &quot;done&quot; is not one of open, acknowledged, resolved');
    expect(res.body).toContain('From 2026-10-22 is after To 2026-10-01');
    const clean = await handleConsoleRequest(get('/', { q: '', service: '', severity: '' }), deps);
    expect(clean.body).not.toContain('filter-problems');
  });

  it('folds the filters in a details element, open when one is set, and says how many incidents it read', async () => {
    const plain = await handleConsoleRequest(get('/'), deps);
    expect(plain.body).toContain('<details class="more-filters"><summary>Filters</summary>');
    expect(plain.body).toContain('<span id="store-count">2 incidents</span> as of');
    expect(plain.body).toMatch(/<a href="\/">Refresh<\/a>/);
    const filtered = await handleConsoleRequest(get('/', { status: 'open' }), deps);
    expect(filtered.body).toContain('<details class="more-filters" open><summary>Filters (1 set)</summary>');
    expect(filtered.body).toContain('<a href="/?status=open">Refresh</a>');
  });

  it('answers every page with what is wrong when the store cannot be used', async () => {
    deps.store.list = async () => {
      throw new IncidentStoreUnavailableError('the store under /home/x/dynamodb cannot be used (damaged)');
    };
    const res = await handleConsoleRequest(get('/'), deps);
    expect(res.status).toBe(503);
    expect(res.body).toContain('The incident store is damaged');
    expect(res.body).toContain('cannot be used (damaged)');
  });
});
