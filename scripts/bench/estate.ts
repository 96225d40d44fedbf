// The templates list at estate scale (local Azure's estate seed: 300 subscriptions × 20 templates), in
// Debian's Chromium: navigation → first row, navigation → every row in, and the ARM requests on the wire
// — through Resource Graph (Kiln's path with more than a handful of subscriptions), and beside it the
// per-subscription path, measured the same way with local Azure refusing Resource Graph (403, as a
// tenant that denies `Microsoft.ResourceGraph/resources/read` would), so the list falls back with its note.
// Resource Graph allows 15 queries per 5 s per user: a measured visit starts after a quota window
// has passed since the sign-in's own load of the list.
import type { Browser } from 'playwright-core';
import { wire } from './app-figures';
import { median } from './topology';
import { signIn, startWorld, type World } from './world';

export const ESTATE = { subscriptions: 300, templates: 6000 } as const;

const TOTAL = /of ([\d,]+) templates in \d+ subscriptions?$/;
const QUOTA_WINDOW_MS = 5_500;
/** What showing the list needs: Subscriptions_List, Resource Graph queries, a subscription's template list. */
const LISTING =
  /^(GET https:\/\/[^/]+\/subscriptions\?|POST https:\/\/[^/]+\/providers\/Microsoft\.ResourceGraph\/resources\?|GET https:\/\/[^/]+\/subscriptions\/[^/]+\/providers\/Microsoft\.VirtualMachineImages\/imageTemplates\?)/i;
/** A single template read: the refresh of a running row. */
const REFRESH = /^GET https:\/\/[^/]+\/subscriptions\/[^?]+\/imageTemplates\/[^/?]+\?/i;

export interface EstateListFigures {
  firstRowMs: number;
  allRowsMs: number;
  totalRows: number;
  /** Every ARM request of the visit (preflights apart). */
  armRequests: number;
  /** Of those, the ones that list (subscriptions, Resource Graph, per-subscription lists). */
  listing: number;
  /** Of those, reads of single running templates (refreshed from the template itself). */
  refreshes: number;
  /** The fallback note was on screen. */
  fellBack: boolean;
}

/** One measured visit of the list in a fresh, signed-in tab. */
export async function measureEstateList(browser: Browser, world: World): Promise<EstateListFigures> {
  const context = await browser.newContext({
    viewport: { width: 1440, height: 900 },
    ignoreHTTPSErrors: true,
  });
  try {
    const page = await context.newPage();
    await signIn(page, world.app);
    await page.getByText(TOTAL).waitFor({ timeout: 180_000 });
    await page.goto('about:blank');
    await page.waitForTimeout(QUOTA_WINDOW_MS);
    const w = await wire(page, world.arm);
    const t0 = Date.now();
    await page.goto(`${world.app}/`);
    await page.locator('table tbody tr a').first().waitFor({ timeout: 180_000 });
    const firstRowMs = Date.now() - t0;
    await page.getByText(TOTAL).waitFor({ timeout: 180_000 });
    const allRowsMs = Date.now() - t0;
    const totalText = (await page.getByText(TOTAL).innerText()).match(TOTAL)?.[1] ?? '0';
    const fellBack = await page.getByText('Azure Resource Graph did not answer').isVisible();
    const urls = w.urls();
    return {
      firstRowMs,
      allRowsMs,
      totalRows: Number(totalText.replace(/,/g, '')),
      armRequests: urls.length,
      listing: urls.filter((u) => LISTING.test(u)).length,
      refreshes: urls.filter((u) => REFRESH.test(u)).length,
      fellBack,
    };
  } finally {
    await context.close();
  }
}

export type AddFigure = (
  figure: string,
  xs: number[],
  unit: string,
  target: string,
  ok: (v: number) => boolean,
  extra?: { note?: string; scripted?: string },
) => void;

/** Starts its own world, seeds the estate and adds the estate figures (Resource Graph, then per subscription). */
export async function benchEstate(
  browser: Browser,
  add: AddFigure,
  runs: number,
  log: (s: string) => void,
): Promise<void> {
  const world = await startWorld(log, { KILN_POLL_INTERVAL_SECONDS: '15' });
  try {
    log(
      `Seeding the estate: ${ESTATE.subscriptions} subscriptions × ${ESTATE.templates / ESTATE.subscriptions} templates …`,
    );
    await world.control('POST', '/_local/seed', ESTATE);
    const graph: EstateListFigures[] = [];
    for (let i = 0; i < runs; i++) {
      log(`Estate list through Resource Graph, run ${i + 1}/${runs} …`);
      graph.push(await measureEstateList(browser, world));
    }
    await world.control('POST', '/_local/faults', {
      rules: [
        {
          method: 'POST',
          path: '^/providers/Microsoft\\.ResourceGraph/',
          status: 403,
          code: 'AuthorizationFailed',
        },
      ],
    });
    const perSub: EstateListFigures[] = [];
    for (let i = 0; i < runs; i++) {
      log(`Estate list per subscription (Resource Graph refused), run ${i + 1}/${runs} …`);
      perSub.push(await measureEstateList(browser, world));
    }
    await world.control('DELETE', '/_local/faults');
    const rows = graph[0]?.totalRows ?? 0;
    const of = (xs: EstateListFigures[], f: (x: EstateListFigures) => number) => xs.map(f);
    const scale = `${ESTATE.subscriptions}×${ESTATE.templates / ESTATE.subscriptions} (${rows.toLocaleString('en-US')} rows)`;
    const beside = (f: (x: EstateListFigures) => number, unit: string) =>
      `per subscription: ${median(of(perSub, f)).toFixed(0)}${unit}${perSub.some((p) => !p.fellBack) ? ' (fallback note missing!)' : ''}`;
    add(
      `Estate ${scale}: navigation → first row`,
      of(graph, (g) => g.firstRowMs),
      'ms',
      '≤ 1,500 ms',
      (v) => v <= 1500,
      {
        scripted: beside((p) => p.firstRowMs, ' ms'),
      },
    );
    add(
      `Estate ${scale}: navigation → whole list`,
      of(graph, (g) => g.allRowsMs),
      'ms',
      '≤ 3,000 ms',
      (v) => v <= 3000,
      {
        scripted: beside((p) => p.allRowsMs, ' ms'),
      },
    );
    add(
      `Estate ${scale}: ARM requests to list`,
      of(graph, (g) => g.listing),
      '',
      '≤ 10',
      (v) => v <= 10,
      {
        scripted: beside((p) => p.listing, ' requests'),
        note: `+ ${median(of(graph, (g) => g.refreshes))} running-row refreshes; ${median(of(graph, (g) => g.armRequests))} in all${graph.some((g) => g.fellBack) ? '; FELL BACK' : ''}`,
      },
    );
  } finally {
    await world.stop();
  }
}
