import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalConsole, startLocalConsole } from '../../bin/cli/console-command.ts';
import { HOSTILE_TEXT, type SeededIncident, seedConsoleHome } from './console-home.ts';

const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];
const SCREENSHOTS = fileURLToPath(new URL('../../test-results/screenshots/', import.meta.url));
const VIEWPORTS = { desktop: { width: 1280, height: 900 }, phone: { width: 390, height: 844 } } as const;
type ViewportName = keyof typeof VIEWPORTS;

describe('the web console in headless Chromium', () => {
  let home: string;
  let seeded: SeededIncident[];
  let running: LocalConsole;
  let browser: Browser;

  const incident = (fixture: string): SeededIncident => {
    const found = seeded.find((s) => s.fixture === fixture);
    if (!found) throw new Error(`no seeded incident ${fixture}`);
    return found;
  };

  async function open(path: string, viewport: ViewportName = 'desktop'): Promise<Page> {
    const page = await browser.newPage({ viewport: VIEWPORTS[viewport] });
    await page.goto(new URL(path, running.url).href);
    return page;
  }

  async function screenshot(page: Page, name: string): Promise<void> {
    await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
  }

  /** The incident ids of the list's rows, top to bottom. */
  const listedIds = (page: Page) =>
    page
      .locator('table.incidents tbody tr th a')
      .evaluateAll((links) => links.map((a) => (a.getAttribute('href') ?? '').replace('/incidents/', '')));

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) {
      throw new Error(
        `Chromium is not installed at ${CHROMIUM}: the browser tests need the Debian package (apt-get install chromium).`,
      );
    }
    mkdirSync(SCREENSHOTS, { recursive: true });
    home = mkdtempSync(join(tmpdir(), 'incidentiq-console-'));
    seeded = await seedConsoleHome(home);
    running = await startLocalConsole({ home, port: 0 });
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_FLAGS });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await running?.close();
    if (home) rmSync(home, { recursive: true, force: true });
  });

  it('lists the incidents newest first', async () => {
    const newestFirst = [...seeded]
      .sort((a, b) => Date.parse(b.report.alarm.triggeredAt) - Date.parse(a.report.alarm.triggeredAt))
      .map((s) => s.report.incidentId);
    for (const viewport of ['desktop', 'phone'] as const) {
      const page = await open('/', viewport);

      expect(await listedIds(page)).toEqual(newestFirst);
      await expect(page.title()).resolves.toBe('Incidents · IncidentIQ');
      await screenshot(page, `list-${viewport}`);
      await page.close();
    }
  });

  it('narrows the list with the fault class filter', async () => {
    const page = await open('/');
    await page.getByLabel('Fault class').selectOption('memory_exhaustion');
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await page.waitForURL(/class=memory_exhaustion/);

    const leaks = seeded.filter((s) => s.report.rootCause.faultClass === 'memory_exhaustion');
    expect(leaks.length).toBeGreaterThan(0);
    expect(leaks.length).toBeLessThan(seeded.length);
    expect((await listedIds(page)).sort()).toEqual(leaks.map((s) => s.report.incidentId).sort());
    await expect(page.getByLabel('Fault class').inputValue()).resolves.toBe('memory_exhaustion');
    await screenshot(page, 'list-filtered-desktop');
    await page.close();
  });

  it('shows a report: root cause, evidence lines, frequency and the similar incident linked', async () => {
    const { report } = incident('f02-itinerary-render-cache-leak+30d');
    const page = await open('/');
    await page.getByRole('link', { name: report.title }).first().click();
    await page.waitForURL(`**/incidents/${report.incidentId}`);

    await expect(page.locator('h1').textContent()).resolves.toBe(report.title);
    const rootCause = page.locator('#section-root-cause');
    await expect(rootCause.textContent()).resolves.toContain(report.rootCause.summary);
    const evidence = await page.locator('#section-evidence pre').allTextContents();
    expect(evidence).toEqual(report.evidence.lines.map((l) => l.text));
    await expect(page.locator('main').textContent()).resolves.toMatch(
      /Frequency\s*Rare \(1 similar in the last 30 days/,
    );

    const earlier = incident('f02-itinerary-render-cache-leak').report.incidentId;
    await page.locator('#section-similar-incidents').getByRole('link', { name: earlier }).click();
    await page.waitForURL(`**/incidents/${earlier}`);
    await page.close();
    for (const viewport of ['desktop', 'phone'] as const) {
      const shot = await open(`/incidents/${report.incidentId}`, viewport);
      await screenshot(shot, `report-${viewport}`);
      await shot.close();
    }
  }, 90_000);

  it('records a confirmation through the feedback form', async () => {
    const { report } = incident('f05-ledger-postgres-wal-volume-full');
    const page = await open(`/incidents/${report.incidentId}`);
    await page.getByLabel('Confirm: the root cause is right').check();
    await page.getByLabel('Note').fill('Matches the on-call notes.');
    await page.getByRole('button', { name: 'Save feedback' }).click();
    await page.waitForURL(/feedback=saved/);

    const feedback = page.locator('#section-feedback');
    await expect(feedback.getByRole('status').textContent()).resolves.toBe('Feedback saved: confirmed.');
    await expect(feedback.textContent()).resolves.toContain('Root cause confirmed (confirmed)');
    await expect(feedback.textContent()).resolves.toContain('Matches the on-call notes.');
    const record = await running.store.get(report.incidentId);
    expect(record?.feedback).toMatchObject({ verdict: 'confirmed', note: 'Matches the on-call notes.' });
    await feedback.screenshot({ path: join(SCREENSHOTS, 'feedback-saved-desktop.png') });
    await page.close();
  });

  it('renders script and img tags from the logs as text', async () => {
    const { report } = incident('f07-tickets-broker-partitioned');
    const page = await browser.newPage({ viewport: VIEWPORTS.desktop });
    const dialogs: string[] = [];
    page.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    await page.goto(new URL(`/incidents/${report.incidentId}`, running.url).href, { waitUntil: 'load' });

    const evidence = await page.locator('#section-evidence pre').allTextContents();
    expect(evidence.some((text) => text.includes(HOSTILE_TEXT))).toBe(true);
    await expect(page.locator('script').count()).resolves.toBe(0);
    await expect(page.locator('img').count()).resolves.toBe(0);
    await page.goto(running.url, { waitUntil: 'load' });
    await expect(page.locator('script, img').count()).resolves.toBe(0);
    expect(dialogs).toEqual([]);
    await page.goto(new URL(`/incidents/${report.incidentId}#section-evidence`, running.url).href);
    await screenshot(page, 'report-hostile-logs-desktop');
    await page.close();
  });

  it('labels every control, gives tables scoped headers, and fits a phone without sideways scrolling', async () => {
    for (const path of ['/', `/incidents/${incident('f07-tickets-broker-partitioned').report.incidentId}`]) {
      const page = await open(path, 'phone');
      // Browser-side code as text: the project's TypeScript has no DOM library.
      const unlabeled =
        await page.evaluate(`[...document.querySelectorAll('input:not([type=hidden]), select, textarea')]
        .filter((c) => c.labels.length === 0).map((c) => c.id || c.outerHTML)`);
      expect(unlabeled, path).toEqual([]);
      await expect(page.locator('thead th:not([scope=col])').count()).resolves.toBe(0);
      await expect(page.locator('main').count()).resolves.toBe(1);
      await expect(page.locator('header.site-header nav').count()).resolves.toBe(1);
      const overflow = Number(
        await page.evaluate('document.documentElement.scrollWidth - window.innerWidth'),
      );
      expect(overflow, path).toBeLessThanOrEqual(0);
      await page.keyboard.press('Tab');
      const outline = await page.evaluate('getComputedStyle(document.activeElement).outlineStyle');
      expect(outline).toBe('solid');
      await page.close();
    }
  });
});
