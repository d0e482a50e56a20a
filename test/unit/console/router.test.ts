import { beforeEach, describe, expect, it, vi } from 'vitest';
import { PAGE_SIZE } from '../../../shared/console/incident-list.ts';
import { handleConsoleRequest } from '../../../shared/console/router.ts';
import type { ConsoleRequest } from '../../../shared/console/types.ts';
import { REPORT_SECTIONS } from '../../../shared/report/sections.ts';
import { d02Report } from '../domain/d02-report.fixture.ts';
import { hostileReport, IMG_PAYLOAD, SCRIPT_PAYLOAD } from '../report/report-variants.ts';
import { addReport, consoleDeps, variant } from './console-fakes.ts';

const get = (path: string, query: Record<string, string> = {}): ConsoleRequest => ({
  method: 'GET',
  path,
  query,
});

/** The incident ids in the order the list shows them. */
const listedIds = (body: string): string[] =>
  [...body.matchAll(/<th scope="row"><a href="\/incidents\/(INC-[0-9a-f]{8})">/g)].map((m) => m[1] ?? '');

describe('handleConsoleRequest', () => {
  let deps: ReturnType<typeof consoleDeps>;

  beforeEach(async () => {
    deps = consoleDeps();
    const base = d02Report();
    await addReport(deps, {
      ...base,
      frequency: { label: 'rare', last30Days: 1, last90Days: 1 },
    } as typeof base);
    await addReport(
      deps,
      variant(base, {
        id: 'INC-00000002',
        at: '2026-06-01T10:00:00.000Z',
        title: 'Disk full on accounts-db',
        severity: 'P2',
        service: 'accounts-db',
        faultClass: 'disk_full',
        summary: 'The WAL volume of accounts-db filled up.',
      }),
      { affectedServices: ['accounts-db'] },
    );
    await addReport(
      deps,
      variant(base, {
        id: 'INC-00000003',
        at: '2026-05-01T10:00:00.000Z',
        title: 'Older payment outage',
        summary: 'payment-service ran out of memory.',
      }),
    );
  });

  describe('the incident list', () => {
    it('shows every incident newest first, with time, severity, title, service, class and frequency', async () => {
      const res = await handleConsoleRequest(get('/'), deps);

      expect(res.status).toBe(200);
      expect(listedIds(res.body)).toEqual(['INC-00000002', 'INC-00000003', 'INC-0a59a8a9']);
      expect(res.body).toContain('2026-06-01 10:00:00 UTC');
      expect(res.body).toContain('P2 (Major)');
      expect(res.body).toContain('Disk full on accounts-db');
      expect(res.body).toContain('<code>accounts-db</code>');
      expect(res.body).toContain('Disk full');
      expect(res.body).toContain('>Rare<');
      expect(res.body).toContain('>Not computed<');
    });

    it('is served with a policy that allows no script and no framing', async () => {
      const res = await handleConsoleRequest(get('/'), deps);

      expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
      expect(res.headers['content-security-policy']).toContain("default-src 'none'");
      expect(res.headers['content-security-policy']).toContain("frame-ancestors 'none'");
      expect(res.headers['content-security-policy']).not.toContain('script-src');
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.body).not.toMatch(/<script/i);
    });

    it.each([
      [{ class: 'disk_full' }, ['INC-00000002']],
      [{ severity: 'P1' }, ['INC-00000003', 'INC-0a59a8a9']],
      [{ service: 'accounts-db' }, ['INC-00000002']],
      [{ service: 'checkout-gateway' }, ['INC-00000003', 'INC-0a59a8a9']],
      [{ q: 'WAL volume' }, ['INC-00000002']],
      [{ q: 'older OUTAGE' }, ['INC-00000003']],
      [{ from: '2026-05-01', to: '2026-05-31' }, ['INC-00000003']],
      [{ to: '2026-04-30' }, ['INC-0a59a8a9']],
      // The older copy's report quotes the same coupon-cache lines: search reads the report too.
      [{ class: 'memory_exhaustion', severity: 'P1', q: 'coupon' }, ['INC-00000003', 'INC-0a59a8a9']],
    ])('filters by %j', async (query, expected) => {
      const res = await handleConsoleRequest(get('/', query), deps);

      expect(listedIds(res.body)).toEqual(expected);
      expect(res.body).toContain('Matching incidents');
    });

    it('keeps the chosen filters in the form', async () => {
      const res = await handleConsoleRequest(
        get('/', { class: 'disk_full', q: 'wal', from: '2026-01-01' }),
        deps,
      );

      expect(res.body).toContain('<option value="disk_full" selected>');
      expect(res.body).toContain('name="q" type="search" value="wal"');
      expect(res.body).toContain('name="from" type="date" value="2026-01-01"');
    });

    it('ignores filter values that are not valid', async () => {
      const res = await handleConsoleRequest(
        get('/', { class: 'nonsense', severity: 'P9', from: '2026-13-45', before: 'yesterday' }),
        deps,
      );

      expect(listedIds(res.body)).toHaveLength(3);
      expect(res.body).toContain('Some filters were not applied');
      expect(res.body).toContain('Severity &quot;P9&quot; is not one of');
      expect(res.body).toContain('Fault class &quot;nonsense&quot; is not one of');
      expect(res.body).toContain('From &quot;2026-13-45&quot; is not a date');
    });

    it('says so when nothing matches', async () => {
      const res = await handleConsoleRequest(get('/', { q: 'no such words' }), deps);

      expect(res.body).toContain('No incident matches these filters.');
    });

    it('pages through many incidents with an "Older incidents" link that keeps the filters', async () => {
      for (let i = 0; i < PAGE_SIZE + 5; i++) {
        const at = new Date(Date.UTC(2026, 0, 1, i)).toISOString();
        await addReport(deps, variant(d02Report(), { id: `INC-1${String(i).padStart(7, '0')}`, at }));
      }
      const first = await handleConsoleRequest(get('/', { class: 'memory_exhaustion' }), deps);
      const next = /<a rel="next" href="([^"]+)">/.exec(first.body)?.[1]?.replaceAll('&amp;', '&');

      expect(listedIds(first.body)).toHaveLength(PAGE_SIZE);
      expect(next).toBeDefined();
      const url = new URL(next ?? '', 'http://console.test');
      expect(url.searchParams.get('class')).toBe('memory_exhaustion');
      const second = await handleConsoleRequest(
        get(url.pathname, Object.fromEntries(url.searchParams)),
        deps,
      );
      const ids = [...listedIds(first.body), ...listedIds(second.body)];
      expect(ids).toHaveLength(PAGE_SIZE + 5 + 2);
      expect(new Set(ids).size).toBe(ids.length);
      expect(second.body).not.toContain('rel="next"');
    });

    it('lists an incident whose report is gone, without severity', async () => {
      deps.blobs.blobs.delete('reports/INC-00000002/report.json');

      const res = await handleConsoleRequest(get('/'), deps);

      expect(listedIds(res.body)).toContain('INC-00000002');
      expect(res.body).toContain('Unknown');
    });
  });

  describe('the report page', () => {
    it('shows every section of the report, the frequency and the feedback form', async () => {
      const res = await handleConsoleRequest(get('/incidents/INC-0a59a8a9'), deps);

      expect(res.status).toBe(200);
      for (const section of REPORT_SECTIONS) {
        expect(res.body).toContain(`<h2 id="section-${section.id}-title">${section.title}</h2>`);
      }
      expect(res.body).toContain(
        '<dt>Frequency</dt><dd>Rare (1 similar in the last 30 days, 1 in the last 90 days).</dd>',
      );
      expect(res.body).toContain(d02Report().rootCause.summary);
      expect(res.body).toContain('<form method="post" action="/incidents/INC-0a59a8a9/feedback"');
      expect(res.body).toContain(`name="token" value="${deps.tokens.issue('INC-0a59a8a9')}"`);
    });

    it('links each similar incident to its page', async () => {
      const res = await handleConsoleRequest(get('/incidents/INC-0a59a8a9'), deps);

      for (const similar of d02Report().similarIncidents) {
        expect(res.body).toContain(
          `<a href="/incidents/${similar.incidentId}"><code>${similar.incidentId}</code></a>`,
        );
      }
    });

    it('renders log-derived text as text', async () => {
      await addReport(deps, hostileReport(), {
        rootService: `svc-${IMG_PAYLOAD}`,
        title: `t ${SCRIPT_PAYLOAD}`,
      });

      const page = await handleConsoleRequest(get(`/incidents/${hostileReport().incidentId}`), deps);
      const list = await handleConsoleRequest(get('/'), deps);

      for (const body of [page.body, list.body]) {
        expect(body).not.toContain(SCRIPT_PAYLOAD);
        expect(body).not.toContain(IMG_PAYLOAD);
        expect(body).not.toMatch(/<script|<img|<b>/i);
      }
      expect(page.body).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
      expect(page.body).toContain('&lt;img src=x onerror=alert(1)&gt;');
    });

    it('answers 404 for an unknown or malformed incident id', async () => {
      for (const path of [
        '/incidents/INC-ffffffff',
        '/incidents/INC-XYZ',
        '/incidents/<script>',
        '/nowhere',
      ]) {
        const res = await handleConsoleRequest(get(path), deps);
        expect(res.status, path).toBe(404);
        expect(res.body).not.toContain('<script>');
      }
    });

    it('shows what the record keeps when the report is gone', async () => {
      deps.blobs.blobs.delete('reports/INC-00000002/report.json');

      const res = await handleConsoleRequest(get('/incidents/INC-00000002'), deps);

      expect(res.status).toBe(200);
      expect(res.body).toContain('The full report is no longer available');
      expect(res.body).toContain('The WAL volume of accounts-db filled up.');
      expect(res.body).toContain('action="/incidents/INC-00000002/feedback"');
    });
  });

  describe('feedback', () => {
    const post = (incidentId: string, form: Record<string, string>): ConsoleRequest => ({
      method: 'POST',
      path: `/incidents/${incidentId}/feedback`,
      query: {},
      form,
    });
    const token = () => deps.tokens.issue('INC-0a59a8a9');

    it('records a confirmation, redirects to the page, which then shows the verdict', async () => {
      const res = await handleConsoleRequest(
        post('INC-0a59a8a9', { token: token(), verdict: 'confirmed' }),
        deps,
      );

      expect(res.status).toBe(303);
      expect(res.headers.location).toBe('/incidents/INC-0a59a8a9?feedback=saved#section-feedback');
      expect((await deps.store.get('INC-0a59a8a9'))?.feedback).toEqual({
        verdict: 'confirmed',
        at: '2026-11-01T00:00:00.000Z',
      });
      const page = await handleConsoleRequest(get('/incidents/INC-0a59a8a9', { feedback: 'saved' }), deps);
      expect(page.body).toContain('Feedback saved: confirmed.');
      expect(page.body).toContain('Root cause confirmed');
    });

    it('records a correction with its resolution and note', async () => {
      await handleConsoleRequest(
        post('INC-0a59a8a9', {
          token: token(),
          verdict: 'corrected',
          correctedRootCause: ' Redis evictions <b>, not the cache ',
          resolution: 'Raised maxmemory',
          note: 'see ticket 42',
        }),
        deps,
      );

      const record = await deps.store.get('INC-0a59a8a9');
      expect(record?.feedback).toMatchObject({
        verdict: 'corrected',
        correctedRootCause: 'Redis evictions <b>, not the cache',
        note: 'see ticket 42',
      });
      expect(record?.resolution).toBe('Raised maxmemory');
      const page = await handleConsoleRequest(get('/incidents/INC-0a59a8a9'), deps);
      expect(page.body).toContain('Redis evictions &lt;b&gt;, not the cache');
      expect(page.body).toContain('Raised maxmemory');
    });

    it('refuses a correction without the real root cause, keeping what was typed', async () => {
      const res = await handleConsoleRequest(
        post('INC-0a59a8a9', { token: token(), verdict: 'corrected', note: `mine ${SCRIPT_PAYLOAD}` }),
        deps,
      );

      expect(res.status).toBe(400);
      expect(res.body).toContain('role="alert"');
      expect(res.body).toContain('A correction needs the real root cause.');
      expect(res.body).toContain('mine &lt;script&gt;');
      expect(res.body).toMatch(/id="verdict-corrected" name="verdict" value="corrected" checked/);
      expect((await deps.store.get('INC-0a59a8a9'))?.feedback).toBeUndefined();
    });

    it.each([
      ['no verdict', { verdict: '' }, 'Choose whether to confirm or correct'],
      ['a text too long', { verdict: 'confirmed', note: 'x'.repeat(2001) }, 'under 2000 characters'],
    ])('refuses %s', async (_, form, message) => {
      const res = await handleConsoleRequest(post('INC-0a59a8a9', { token: token(), ...form }), deps);

      expect(res.status).toBe(400);
      expect(res.body).toContain(message);
    });

    it('refuses a post without the token of that incident', async () => {
      const forms: Record<string, string>[] = [
        { verdict: 'confirmed' },
        { verdict: 'confirmed', token: 'forged' },
        { verdict: 'confirmed', token: deps.tokens.issue('INC-00000002') },
      ];
      for (const form of forms) {
        const res = await handleConsoleRequest(post('INC-0a59a8a9', form), deps);
        expect(res.status).toBe(403);
      }
      expect((await deps.store.get('INC-0a59a8a9'))?.feedback).toBeUndefined();
    });

    it('answers 404 for feedback on an unknown incident', async () => {
      const res = await handleConsoleRequest(
        post('INC-ffffffff', { token: deps.tokens.issue('INC-ffffffff'), verdict: 'confirmed' }),
        deps,
      );

      expect(res.status).toBe(404);
    });
  });

  describe('methods, assets and errors', () => {
    it('accepts only GET on pages and only POST on the feedback address', async () => {
      const postList = await handleConsoleRequest({ method: 'POST', path: '/', query: {}, form: {} }, deps);
      const getFeedback = await handleConsoleRequest(get('/incidents/INC-0a59a8a9/feedback'), deps);

      expect(postList.status).toBe(405);
      expect(postList.headers.allow).toBe('GET');
      expect(getFeedback.status).toBe(405);
      expect(getFeedback.headers.allow).toBe('POST');
    });

    it('serves the stylesheet, which has visible focus and a phone layout', async () => {
      const res = await handleConsoleRequest(get('/assets/console.css'), deps);

      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toBe('text/css; charset=utf-8');
      expect(res.body).toContain(':focus-visible');
      expect(res.body).toContain('@media (max-width:40rem)');
    });

    it('answers 500 without details when the store fails, and reports the error', async () => {
      const onError = vi.fn();
      deps.store.list = async () => {
        throw new Error('secret internal detail');
      };

      const res = await handleConsoleRequest(get('/'), { ...deps, onError });

      expect(res.status).toBe(500);
      expect(res.body).not.toContain('secret internal detail');
      expect(onError).toHaveBeenCalledWith(expect.objectContaining({ message: 'secret internal detail' }));
    });
  });
});
