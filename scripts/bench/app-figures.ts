// Kiln's figures measured in Debian's Chromium against local Azure: requests on the wire (CDP; CORS
// preflights counted apart), bytes, first row, layout shift, keystroke latency (Event Timing) and the
// requests a watched build costs (virtual time: page.clock).
import type { Browser, BrowserContext, CDPSession, Page } from 'playwright-core';
import { signIn, type World } from './world';

export interface Wire {
  /** ARM requests (not preflights) since the last reset. */
  arm(): number;
  preflights(): number;
  /** Bytes of ARM responses as sent (encoded) and as JSON text (decoded). */
  armBytes(): { encoded: number; decoded: number };
  scriptBytes(): number;
  urls(): string[];
  reset(): void;
}

/** Counts what crosses the wire for one page, with the browser's own network events (CDP). */
export async function wire(page: Page, armOrigin: string): Promise<Wire> {
  const cdp: CDPSession = await page.context().newCDPSession(page);
  await cdp.send('Network.enable');
  const origin = new URL(armOrigin).origin;
  let arm = new Map<string, string>();
  let preflights = 0;
  let encoded = 0;
  let decoded = 0;
  let scripts = 0;
  const scriptIds = new Set<string>();
  cdp.on(
    'Network.requestWillBeSent',
    (e: { requestId: string; type?: string; request: { url: string; method: string } }) => {
      if (!e.request.url.startsWith(origin)) {
        if (e.type === 'Script') scriptIds.add(e.requestId);
        return;
      }
      if (e.type === 'Preflight' || e.request.method === 'OPTIONS') preflights++;
      else arm.set(e.requestId, `${e.request.method} ${e.request.url}`);
    },
  );
  cdp.on('Network.dataReceived', (e: { requestId: string; dataLength: number }) => {
    if (arm.has(e.requestId)) decoded += e.dataLength;
  });
  cdp.on('Network.loadingFinished', (e: { requestId: string; encodedDataLength: number }) => {
    if (arm.has(e.requestId)) encoded += e.encodedDataLength;
    if (scriptIds.has(e.requestId)) scripts += e.encodedDataLength;
  });
  return {
    arm: () => arm.size,
    preflights: () => preflights,
    armBytes: () => ({ encoded, decoded }),
    scriptBytes: () => scripts,
    urls: () => [...arm.values()],
    reset: () => {
      arm = new Map();
      preflights = 0;
      encoded = 0;
      decoded = 0;
      scripts = 0;
      scriptIds.clear();
    },
  };
}

declare global {
  interface Window {
    __kilnBench?: { cls: number; slowestEvent: number };
  }
}

/** Layout shift and Event Timing observers, installed before the app's code runs. */
async function observe(context: BrowserContext): Promise<void> {
  await context.addInitScript(() => {
    const v = { cls: 0, slowestEvent: 0 };
    window.__kilnBench = v;
    new PerformanceObserver((l) => {
      for (const e of l.getEntries() as (PerformanceEntry & { value: number; hadRecentInput: boolean })[])
        if (!e.hadRecentInput) v.cls += e.value;
    }).observe({ type: 'layout-shift', buffered: true });
    new PerformanceObserver((l) => {
      for (const e of l.getEntries() as (PerformanceEntry & { interactionId?: number })[])
        if (e.interactionId) v.slowestEvent = Math.max(v.slowestEvent, e.duration);
    }).observe({ type: 'event', buffered: true, durationThreshold: 16 } as PerformanceObserverInit);
  });
}

export interface ListFigures {
  firstRowMs: number;
  allRowsMs: number;
  totalRows: number;
  armRequests: number;
  /** Of those, the subscriptions call and the list pages (what showing the list needs). */
  listRequests: number;
  preflights: number;
  armEncodedBytes: number;
  armDecodedBytes: number;
  scriptBytes: number;
  cls: number;
  slowestKeystrokeMs: number;
  /** A second visit in the same tab: requests and preflights (the browser's preflight cache at work). */
  repeat: { armRequests: number; preflights: number };
}

/** Subscriptions_List and VirtualMachineImageTemplates_List (first page or a nextLink). */
const LIST_CALL =
  /^GET https:\/\/[^/]+\/(subscriptions\?|subscriptions\/[^/]+\/providers\/Microsoft\.VirtualMachineImages\/imageTemplates\?)/i;
const TOTAL = /of ([\d,]+) templates in \d+ subscriptions?$/;

/** Opens the list (signed in, fresh tab), waits for every template, then types a search. */
export async function measureList(browser: Browser, world: World): Promise<ListFigures> {
  const context = await browser.newContext({
    viewport: { width: 1440, height: 900 },
    ignoreHTTPSErrors: true,
  });
  try {
    await observe(context);
    const page = await context.newPage();
    await signIn(page, world.app);
    await page.getByText(TOTAL).waitFor({ timeout: 120_000 });
    // The measured visit: the tab is signed in (MSAL's cache), nothing of the list is in memory.
    await page.goto('about:blank');
    const w = await wire(page, world.arm);
    const t0 = Date.now();
    await page.goto(`${world.app}/`);
    await page.locator('table tbody tr a').first().waitFor({ timeout: 120_000 });
    const firstRowMs = Date.now() - t0;
    await page.getByText(TOTAL).waitFor({ timeout: 120_000 });
    const allRowsMs = Date.now() - t0;
    await page.waitForTimeout(1000);
    const totalText = (await page.getByText(TOTAL).innerText()).match(TOTAL)?.[1] ?? '0';
    const cls = await page.evaluate(() => window.__kilnBench?.cls ?? NaN);
    const figures = {
      firstRowMs,
      allRowsMs,
      totalRows: Number(totalText.replace(/,/g, '')),
      armRequests: w.arm(),
      listRequests: w.urls().filter((u) => LIST_CALL.test(u)).length,
      preflights: w.preflights(),
      armEncodedBytes: w.armBytes().encoded,
      armDecodedBytes: w.armBytes().decoded,
      scriptBytes: w.scriptBytes(),
      cls,
    };
    // Keystrokes: a search typed one key at a time over every row.
    await page.evaluate(() => {
      if (window.__kilnBench) window.__kilnBench.slowestEvent = 0;
    });
    const search = page.getByRole('searchbox', { name: 'Search' });
    await search.click();
    await search.pressSequentially('ubuntu-22', { delay: 150 });
    await page.waitForTimeout(500);
    const slowestKeystrokeMs = await page.evaluate(() => window.__kilnBench?.slowestEvent ?? NaN);
    // A second visit in the same tab.
    await page.goto('about:blank');
    w.reset();
    await page.goto(`${world.app}/`);
    await page.getByText(TOTAL).waitFor({ timeout: 120_000 });
    await page.waitForTimeout(500);
    return { ...figures, slowestKeystrokeMs, repeat: { armRequests: w.arm(), preflights: w.preflights() } };
  } finally {
    await context.close();
  }
}

export interface WatchFigures {
  visible: number;
  visiblePreflights: number;
  hidden: number;
  scriptBytes: number;
  urls: string[];
}

/**
 * Watches a running build (held in a phase by local Azure) for 5 minutes of page time, visible, then
 * 5 more minutes hidden. Timers run on Playwright's clock in 1 s steps, so polls happen as they would in
 * real time while responses arrive for real.
 */
export async function measureWatching(
  browser: Browser,
  world: World,
  templatePath: string,
): Promise<WatchFigures> {
  const context = await browser.newContext({
    viewport: { width: 1440, height: 900 },
    ignoreHTTPSErrors: true,
  });
  try {
    const page = await context.newPage();
    await page.clock.install();
    await signIn(page, world.app);
    const w = await wire(page, world.arm);
    await page.goto(`${world.app}${templatePath}`);
    await page.getByTestId('run-outcome').waitFor({ timeout: 60_000 });
    await page.waitForTimeout(2000);
    const scriptBytes = w.scriptBytes();
    w.reset();
    for (let s = 0; s < 300; s++) {
      await page.clock.runFor(1000);
      await page.waitForTimeout(15);
    }
    const visible = w.arm();
    const visiblePreflights = w.preflights();
    const urls = w.urls();
    await page.evaluate(() => {
      Object.defineProperty(document, 'visibilityState', { value: 'hidden', configurable: true });
      Object.defineProperty(document, 'hidden', { value: true, configurable: true });
      document.dispatchEvent(new Event('visibilitychange'));
    });
    await page.waitForTimeout(200);
    w.reset();
    // Hidden, nothing may be sent at all: 5 s steps find any timer as surely as 1 s steps, in a fifth
    // of the real time (the benchmark must stay under 10 minutes).
    for (let s = 0; s < 60; s++) {
      await page.clock.runFor(5000);
      await page.waitForTimeout(10);
    }
    return { visible, visiblePreflights, hidden: w.arm(), scriptBytes, urls };
  } finally {
    await context.close();
  }
}
