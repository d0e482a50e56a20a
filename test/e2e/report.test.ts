import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-sync'];
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const SCREENSHOTS = join(ROOT, 'test-results/screenshots/');
const FIRST_SCREEN = { width: 1280, height: 800 } as const;

/** What a person sees in the first screen: elements whose box lies inside it. */
async function inFirstScreen(page: Page, selector: string): Promise<boolean> {
  const box = await page.locator(selector).first().boundingBox();
  return box !== null && box.y >= 0 && box.y + box.height <= FIRST_SCREEN.height && box.width > 0;
}

describe('the report of the bundled incident, in headless Chromium', () => {
  let out: string;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) throw new Error(`Chromium is not installed at ${CHROMIUM}`);
    mkdirSync(SCREENSHOTS, { recursive: true });
    out = mkdtempSync(join(tmpdir(), 'incidentiq-report-e2e-'));
    const run = spawnSync(
      process.execPath,
      [
        'bin/incidentiq.js',
        'analyze',
        'examples/itinerary-render-cache-leak',
        '--out',
        join(out, 'reports'),
        '--home',
        join(out, 'home'),
      ],
      { cwd: ROOT, encoding: 'utf8', timeout: 120_000 },
    );
    if (run.status !== 0) throw new Error(`analyze failed: ${run.stderr}`);
    const [incident] = readdirSync(join(out, 'reports'));
    if (!incident) throw new Error('no report written');
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_FLAGS });
    page = await browser.newPage({ viewport: FIRST_SCREEN });
    await page.goto(pathToFileURL(join(out, 'reports', incident, 'report.html')).href);
    await page.screenshot({ path: join(SCREENSHOTS, 'report-example-first-screen.png') });
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    if (out) rmSync(out, { recursive: true, force: true });
  });

  it('shows the root cause with its confidence, naming the render-cache feature, in the first screen', async () => {
    expect(await inFirstScreen(page, '#section-answer .answer-cause')).toBe(true);
    const answer = (await page.locator('#section-answer').textContent()) ?? '';
    expect(answer).toMatch(/Root cause · \d+% confidence/i);
    expect(answer).toContain('Memory exhaustion in itinerary-service');
    expect(answer).toMatch(/logs cache the most/);
  });

  it('shows the first fix and its filled command within the first 1280 × 800 screen', async () => {
    expect(await inFirstScreen(page, '#section-answer pre')).toBe(true);
    const command = (await page.locator('#section-answer pre').first().textContent()) ?? '';
    expect(command).toContain('kubectl rollout undo deployment/itinerary-service -n trips');
  });

  it('shows the error-rate picture and the impact line in the first screen', async () => {
    expect(await inFirstScreen(page, '#section-answer figure.chart svg')).toBe(true);
    const label = await page.locator('#section-answer figure.chart svg').getAttribute('aria-label');
    expect(label).toMatch(/itinerary-service, booking-edge/);
    expect(await inFirstScreen(page, '#section-answer .impact')).toBe(true);
    expect(await page.locator('#section-answer .impact').textContent()).toMatch(/failed requests .*503.*502/);
  });

  it('draws a picture per affected service below', async () => {
    const charts = await page.locator('#section-pictures figure.chart svg').count();
    expect(charts).toBeGreaterThanOrEqual(3);
  });

  describe('with every folded section opened', () => {
    let text: string;
    let prose: string;

    beforeAll(async () => {
      await page.evaluate("for (const d of document.querySelectorAll('details')) d.open = true");
      text = (await page.locator('main').textContent()) ?? '';
      // Everything but the patterns table, the verbatim log lines and the commands.
      prose = String(
        await page.evaluate(`(() => {
          const copy = document.querySelector('main').cloneNode(true);
          for (const el of copy.querySelectorAll('pre, code, [aria-label="Log patterns"]')) el.remove();
          document.body.append(copy);
          const seen = copy.innerText;
          copy.remove();
          return seen;
        })()`),
      );
    });

    it('keeps templates in the patterns table only', () => {
      expect(text).toContain('<*>');
      const withoutPatterns = text.replace(/Log patterns[\s\S]*?Five whys/, '');
      expect(withoutPatterns).not.toContain('<*>');
    });

    it('fills the namespace in every command', () => {
      expect(text).toContain('-n trips');
      expect(text).not.toContain('<namespace>');
    });

    it('shows the third and fourth OOMKills and the 503 outage in the timeline', async () => {
      const timeline = (await page.locator('#section-timeline').textContent()) ?? '';
      expect(timeline).toMatch(/3rd to 4th of 8/);
      expect(timeline).toMatch(
        /itinerary-service-7c9d5b8f4-9nfqm: container itinerary-service terminated, reason OOMKilled/,
      );
      expect(timeline).toMatch(/Down: booking-edge answers 503s/);
    });

    it('has no doubled word anywhere in its prose', () => {
      expect(prose.length).toBeGreaterThan(2000);
      // Within a line: a table's cells (tab) and blocks (newline) may end and start with one word.
      expect(prose).not.toMatch(/\b([A-Za-z]{2,}) +\1\b/i);
      expect(prose).not.toMatch(/Because because/i);
    });
  });
});
