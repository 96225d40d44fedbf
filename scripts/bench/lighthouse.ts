// Lighthouse 12 (desktop preset) on Debian's Chromium, signed in: puppeteer signs in through the app's
// MSAL redirect in one tab, and Lighthouse audits that tab without resetting its storage (MSAL keeps
// its session in sessionStorage, which belongs to the tab).
import { navigation } from 'lighthouse';
import desktopConfig from 'lighthouse/core/config/desktop-config.js';
import puppeteer, { type Page } from 'puppeteer-core';
import { CHROMIUM, CHROMIUM_FLAGS, OWNER, PASSWORD } from './world';

export interface LighthouseFigures {
  score: number;
  tbtMs: number;
  lcpMs: number;
  cls: number;
}

async function signIn(page: Page, app: string): Promise<void> {
  await page.goto(`${app}/`);
  const signedIn = '[data-testid="signed-in-user"]';
  const button = '::-p-text(Sign in with Microsoft Entra ID)';
  await Promise.race([
    page.waitForSelector(signedIn, { timeout: 60_000 }),
    page.waitForSelector(button, { timeout: 60_000 }),
  ]);
  if (await page.$(signedIn)) return;
  await page.click(button);
  await Promise.race([
    page.waitForSelector(signedIn, { timeout: 60_000 }),
    page.waitForSelector('input[name=login]', { timeout: 60_000 }),
  ]);
  if (await page.$('input[name=login]')) {
    await page.type('input[name=login]', OWNER);
    await page.type('input[name=password]', PASSWORD);
    await page.click('button[type=submit]');
  }
  await page.waitForSelector(signedIn, { timeout: 60_000 });
}

/** Audits each URL `runs` times (one signed-in tab per URL). */
export async function lighthouseRuns(
  app: string,
  urls: string[],
  runs: number,
): Promise<LighthouseFigures[][]> {
  const browser = await puppeteer.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [...CHROMIUM_FLAGS, '--ignore-certificate-errors'],
  });
  try {
    const out: LighthouseFigures[][] = [];
    for (const url of urls) {
      const page = await browser.newPage();
      await signIn(page, app);
      const figures: LighthouseFigures[] = [];
      for (let i = 0; i < runs; i++) {
        const r = await navigation(page, url, {
          config: desktopConfig,
          flags: { disableStorageReset: true, onlyCategories: ['performance'], logLevel: 'error' },
        });
        const lhr = r?.lhr;
        if (!lhr) throw new Error(`Lighthouse returned no result for ${url}`);
        figures.push({
          score: Math.round((lhr.categories.performance?.score ?? 0) * 100),
          tbtMs: lhr.audits['total-blocking-time']?.numericValue ?? NaN,
          lcpMs: lhr.audits['largest-contentful-paint']?.numericValue ?? NaN,
          cls: lhr.audits['cumulative-layout-shift']?.numericValue ?? NaN,
        });
      }
      out.push(figures);
      await page.close();
    }
    return out;
  } finally {
    await browser.close();
  }
}
