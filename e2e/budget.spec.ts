// The performance budget that must not silently regress: what a production build ships per
// route, the ARM requests the list costs, preflights once the browser has cached them, and silence
// while the tab is hidden. Deterministic counts, no timings (those live in `npm run bench`).
import { join } from 'node:path';
import type { CDPSession, Page } from '@playwright/test';
import { routeJs } from './route-js';
import { test, expect, signIn, USERS, templateId, templatePath } from './fixtures';
import { ROOT, automationArm } from './servers';

/**
 * gzip KB budgets of JS on first load: the targets. The list ships ~280 KB and the template
 * page ~310 KB since the list's calls and the template GET became thin calls on the SDK's core
 * pipeline (decision 008).
 */
const JS_BUDGET_KB = { list: 290, template: 330 } as const;

test.beforeEach(async ({ localAzure }) => {
  await localAzure.reset();
});

interface Counter {
  arm: string[];
  preflights: number;
  /** The URLs the preflights were for (a new URL per read defeats the preflight cache). */
  preflightUrls: string[];
  /** ARM requests sent and not yet answered (or failed). */
  inflight: Map<string, string>;
  /** Requests whose end has been reported: an event for one of them arriving late does not revive it. */
  ended: Set<string>;
  reset(): void;
}

/** ARM requests and CORS preflights on the wire (the browser's own network events). */
async function countArm(page: Page, arm: string): Promise<Counter> {
  const cdp: CDPSession = await page.context().newCDPSession(page);
  await cdp.send('Network.enable');
  const origin = new URL(arm).origin;
  const c: Counter = {
    arm: [],
    preflights: 0,
    preflightUrls: [],
    inflight: new Map(),
    ended: new Set(),
    reset() {
      c.arm = [];
      c.preflights = 0;
      c.preflightUrls = [];
    },
  };
  cdp.on('Network.requestWillBeSent', (e) => {
    // A new document ends the old one's requests, and Chromium does not always report the end of those
    // still in flight (list pages the sign-in left loading stayed "in flight" for good: every step then
    // waited its whole 5 s, and the test ran out of time).
    if (e.type === 'Document' && e.requestId === e.loaderId) c.inflight.clear();
    if (!e.request.url.startsWith(origin)) return;
    if (e.type === 'Preflight' || e.request.method === 'OPTIONS') {
      c.preflights += 1;
      c.preflightUrls.push(e.request.url.slice(origin.length));
    } else {
      c.arm.push(`${e.request.method} ${e.request.url.slice(origin.length)}`);
      if (!c.ended.has(e.requestId)) {
        c.inflight.set(e.requestId, `${e.request.method} ${e.request.url.slice(origin.length)}`);
      }
    }
  });
  const end = (requestId: string) => {
    c.inflight.delete(requestId);
    c.ended.add(requestId);
  };
  cdp.on('Network.loadingFinished', (e) => end(e.requestId));
  cdp.on('Network.loadingFailed', (e) => end(e.requestId));
  return c;
}

/**
 * Moves the page's frozen clock on by `ms`, then lets the ARM reads it started be answered (waits until
 * none has been in flight for 60 ms, at most 5 s: a read may itself wait for a page timer). Stepping
 * on regardless made 2 s of page time pass every ~50 ms, so on a loaded machine the page's first reads
 * ran on into the window being counted.
 *
 * The wait only paces the steps; what is asserted is what `wire` recorded. A request still in flight
 * after a step's 5 s is printed, noted on the test (annotation "stalled read") and not waited for
 * again. Twice in CI (sessions thirteen and fourteen) the test ran out of its 270 s; the second time in
 * the hidden phase, where no request is sent, with every count before it right. The likeliest cause is
 * one request whose end the wire never saw, so every later step waited its whole 5 s (a read that truly
 * hangs is given up by the page's read timeout, `AbortSignal.timeout` of 30 s, and the wire sees that).
 * The set of ended requests also keeps an event arriving late from marking one in flight again.
 */
async function step(page: Page, wire: Counter, ms: number): Promise<void> {
  await page.clock.runFor(ms);
  let quietSince = Date.now();
  const deadline = Date.now() + 5000;
  while (Date.now() < deadline) {
    await page.waitForTimeout(20);
    if (wire.inflight.size > 0) quietSince = Date.now();
    else if (Date.now() - quietSince >= 60) return;
  }
  for (const [requestId, request] of wire.inflight) {
    console.log(`budget.spec: no end seen for ${request} after 5 s; not waited for again`);
    test.info().annotations.push({ type: 'stalled read', description: request });
    wire.inflight.delete(requestId);
  }
}

test('JS on first load stays within budget for the list and the template page', () => {
  for (const route of ['list', 'template'] as const) {
    const js = routeJs(join(ROOT, '.next'), route);
    expect(js.gzipBytes / 1024, `${route}: ${js.files} files`).toBeLessThanOrEqual(JS_BUDGET_KB[route]);
  }
});

test('the list costs the subscriptions call and its pages, nothing per resource group', async ({
  page,
  localAzure,
}) => {
  test.slow();
  await localAzure.seed(1000);
  await signIn(page, USERS.owner);
  await expect(page.getByText(/of [\d,]+ templates in 2 subscriptions$/)).toBeVisible({ timeout: 60_000 });
  await page.goto('about:blank');
  const wire = await countArm(page, localAzure.arm);
  const routePrefetches: string[] = [];
  page.on('request', (r) => {
    const url = new URL(r.url());
    if (url.searchParams.has('_rsc')) routePrefetches.push(url.pathname);
  });
  await page.goto('/');
  await expect(page.getByText(/of [\d,]+ templates in 2 subscriptions$/)).toBeVisible({ timeout: 60_000 });
  await page.waitForTimeout(1000);
  const lists = wire.arm.filter((r) =>
    /^GET \/subscriptions\/[^/]+\/providers\/Microsoft\.VirtualMachineImages\/imageTemplates\?/i.test(r),
  );
  const subscriptions = wire.arm.filter((r) => /^GET \/subscriptions\?/.test(r));
  expect(subscriptions).toHaveLength(1);
  // 1,012 templates over two subscriptions at 100 per page: at least 11 pages.
  expect(lists.length).toBeGreaterThanOrEqual(11);
  expect(wire.arm.filter((r) => !lists.includes(r) && !subscriptions.includes(r))).toEqual([]);
  // Rows do not ask the app's server for their template page as they come into view (one route
  // prefetch per row on screen, again at every scroll), nor the header's links for the list and the
  // estate view; a link prefetches once it is pointed at.
  expect(routePrefetches).toEqual([]);
  await page.getByRole('table', { name: 'Image templates' }).getByRole('link').first().hover();
  await expect.poll(() => routePrefetches.length).toBeGreaterThanOrEqual(1);
  // A second visit reuses the browser's cached preflights for the same URLs.
  wire.reset();
  await page.goto('about:blank');
  await page.goto('/');
  await expect(page.getByText(/of [\d,]+ templates in 2 subscriptions$/)).toBeVisible({ timeout: 60_000 });
  expect(wire.preflights).toBeLessThanOrEqual(Math.ceil(wire.arm.length * 0.05));
});

test('watching a build: preflights cached, one request per poll, none while hidden', async ({
  page,
  localAzure,
}) => {
  test.slow();
  const id = templateId('dev', 'rg-images', 'ubuntu2204-base');
  await localAzure.hold(id, 'Customizing');
  // How fast the build reaches its hold is not what is measured: fast simulated time until then (the
  // page's own clock is frozen and stepped by hand below), the worker's time scale again at the end.
  const { speed } = (await localAzure.info()) as { speed: number };
  try {
    await page.clock.install();
    await signIn(page, USERS.owner);
    const arm = await automationArm();
    await localAzure.time(600);
    await arm.post(`${id}/run`, '2024-02-01');
    const wire = await countArm(page, localAzure.arm);
    await page.goto(templatePath(id));
    await expect(page.getByTestId('run-outcome')).toBeVisible({ timeout: 60_000 });
    // First the build reaches its hold: by Customizing the build VM, its NIC and disk exist, so no new
    // staging resource (a new URL, read once, with its own preflight) appears while requests are counted.
    // (A run in CI once counted all those first reads: the page had not drawn them yet.)
    const customizing = page.locator('[data-phase="Customizing"][data-status="current"]');
    // Then the page has read what it polls: the staging group is drawn with the build VM (each resource
    // read once) and the log follows the build container (found once). On a loaded machine these first
    // reads (the topology's code, then a chain of reads each) can take longer than a few steps.
    const drawn = page.locator('[data-testid="topology-node"][data-role="buildVm"][data-status="present"]');
    const following = page.locator('[data-testid="build-log"][data-source="live"]');
    const ready = async () =>
      (await customizing.isVisible()) && (await drawn.isVisible()) && (await following.isVisible());
    for (let s = 0; s < 90 && !(await ready()); s++) await step(page, wire, 2000);
    await expect(customizing).toBeVisible();
    await expect(drawn).toBeVisible();
    await expect(following).toBeVisible();
    // Warm up: every polled URL has been asked once more (its preflight is cached from then on).
    for (let s = 0; s < 10; s++) await step(page, wire, 2000);
    wire.reset();
    for (let s = 0; s < 30; s++) await step(page, wire, 2000);
    expect(wire.arm.length).toBeGreaterThan(10);
    expect(wire.preflights, `preflights for ${wire.preflightUrls.join(', ')}`).toBeLessThanOrEqual(
      Math.ceil(wire.arm.length * 0.05),
    );
    await page.evaluate(() => {
      Object.defineProperty(document, 'visibilityState', { value: 'hidden', configurable: true });
      Object.defineProperty(document, 'hidden', { value: true, configurable: true });
      document.dispatchEvent(new Event('visibilitychange'));
    });
    await page.waitForTimeout(300);
    wire.reset();
    for (let s = 0; s < 30; s++) await step(page, wire, 10_000);
    expect(wire.arm).toEqual([]);
  } finally {
    await localAzure.releaseHolds();
    await localAzure.time(speed);
  }
});
