import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalConsole, startLocalConsole } from '../../bin/cli/console-command.ts';
import { runCli, writtenIncidentId } from '../integration/cli-process.ts';
import { type SmallIncident, writeSmallIncident } from '../integration/small-incident.ts';

const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'];
const SCREENSHOTS = fileURLToPath(new URL('../../test-results/screenshots/', import.meta.url));
const DESKTOP = { width: 1280, height: 900 };
const PHONE = { width: 390, height: 844 };

const FIRST: SmallIncident = {
  alarmName: 'stock-sync-errors',
  service: 'stock-sync',
  at: '2026-10-10T06:00:00.000Z',
  error: 'warehouse feed rejected: HTTP 401 from partner gateway',
};
const SECOND: SmallIncident = {
  alarmName: 'pricing-errors',
  service: 'pricing-api',
  at: '2026-10-11T06:00:00.000Z',
  error: 'price rule cache miss storm: redis timeout after 500 ms',
};

/** `incidentiq analyze` as its own process, as a person would run it beside the console. */
async function analyze(dir: string, home: string): Promise<string> {
  const result = await runCli(['analyze', dir, '--home', home, '--out', join(dir, 'out')]);
  const id = writtenIncidentId(result);
  if (result.code !== 0 || !id || result.stderr.includes('could not be used')) {
    throw new Error(`analyze ended with ${result.code}: ${result.stderr}`);
  }
  return id;
}

describe('the console kept open in Chromium', () => {
  let root: string;
  let home: string;
  let running: LocalConsole;
  let browser: Browser;
  let firstId: string;

  async function open(path: string, viewport = DESKTOP): Promise<Page> {
    const page = await browser.newPage({ viewport });
    await page.goto(new URL(path, running.url).href);
    return page;
  }

  const rowOf = (page: Page, id: string) => page.locator('table.incidents tbody tr').filter({ hasText: id });

  beforeAll(async () => {
    if (!existsSync(CHROMIUM))
      throw new Error(`Chromium is not installed at ${CHROMIUM} (apt-get install chromium).`);
    mkdirSync(SCREENSHOTS, { recursive: true });
    root = mkdtempSync(join(tmpdir(), 'incidentiq-console-live-'));
    home = join(root, 'home');
    running = await startLocalConsole({ home, port: 0 });
    firstId = await analyze(writeSmallIncident(join(root, 'first'), FIRST), home);
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_FLAGS });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await running?.close();
    if (root) rmSync(root, { recursive: true, force: true });
  });

  it('changes the status and owner of an incident, and the list shows them', async () => {
    const page = await open(`/incidents/${firstId}`);
    const section = page.locator('#section-triage');
    await expect(section.locator('.badge').textContent()).resolves.toBe('Open');
    await section.getByLabel('Status').selectOption('acknowledged');
    await section.getByLabel('Owner').fill('Jun (inventory on-call)');
    await section.getByRole('button', { name: 'Save status' }).click();
    await page.waitForURL(/triage=saved/);

    await expect(section.getByRole('status').textContent()).resolves.toBe('Status saved: Acknowledged.');
    await expect(page.locator('.report-header').textContent()).resolves.toMatch(
      /Status\s*Acknowledged owned by Jun \(inventory on-call\)/,
    );
    await section.screenshot({ path: join(SCREENSHOTS, 'triage-saved-desktop.png') });

    await page.getByRole('link', { name: 'Incidents', exact: true }).first().click();
    const row = rowOf(page, firstId);
    await expect(row.locator('.badge.status-acknowledged').textContent()).resolves.toBe('Acknowledged');
    await expect(row.textContent()).resolves.toContain('Jun (inventory on-call)');
    await page.close();
  }, 90_000);

  it('shows an incident analyzed while the page was open after a click on Refresh', async () => {
    const page = await open('/');
    await expect(page.locator('#store-count').textContent()).resolves.toBe('1 incident');
    await expect(page.locator('table.incidents tbody tr').count()).resolves.toBe(1);

    const secondId = await analyze(writeSmallIncident(join(root, 'second'), SECOND), home);
    await page.getByRole('link', { name: 'Refresh' }).click();
    await page.waitForLoadState('load');

    await expect(page.locator('#store-count').textContent()).resolves.toBe('2 incidents');
    const ids = await page
      .locator('table.incidents tbody tr th a')
      .evaluateAll((links) => links.map((a) => (a.getAttribute('href') ?? '').replace('/incidents/', '')));
    expect(ids).toEqual([secondId, firstId]);
    await page.screenshot({ path: join(SCREENSHOTS, 'list-after-refresh-desktop.png'), fullPage: true });
    await page.close();
  }, 90_000);

  it('folds the filters on a phone and shows them on a desktop', async () => {
    const phone = await open('/', PHONE);
    await expect(phone.getByLabel('Search').isVisible()).resolves.toBe(true);
    await expect(phone.getByLabel('Fault class').isVisible()).resolves.toBe(false);
    const firstRowTop = await phone.locator('table.incidents tbody tr').first().boundingBox();
    expect(firstRowTop?.y ?? Number.POSITIVE_INFINITY).toBeLessThan(PHONE.height);
    await phone.screenshot({ path: join(SCREENSHOTS, 'list-folded-phone.png') });
    await phone.getByText('Filters', { exact: true }).click();
    await expect(phone.getByLabel('Fault class').isVisible()).resolves.toBe(true);
    await phone.close();

    const desktop = await open('/');
    await expect(desktop.getByLabel('Fault class').isVisible()).resolves.toBe(true);
    await desktop.close();
  }, 90_000);

  it('says which filters it did not apply', async () => {
    const page = await open('/?severity=P7&from=2026-99-01');
    const alert = page.getByRole('alert');
    await expect(alert.textContent()).resolves.toContain('Severity "P7" is not one of');
    await expect(alert.textContent()).resolves.toContain('From "2026-99-01" is not a date');
    await page.close();
  }, 90_000);

  it('links the incident into the AWS console', async () => {
    const page = await open(`/incidents/${firstId}`);
    const links = page.locator('nav.aws-links a');
    const labels = await links.allTextContents();
    expect(labels).toContain('Alarm: stock-sync-errors');
    expect(labels).toContain('Logs Insights: /shop/stock-sync');
    const hrefs = await links.evaluateAll((as) => as.map((a) => a.getAttribute('href') ?? ''));
    for (const href of hrefs) expect(new URL(href).host).toBe('us-west-2.console.aws.amazon.com');
    await page.close();
  }, 90_000);
});
