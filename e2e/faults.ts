// Helpers for the fault specs (reliability, fault matrix): what the page asked Resource Manager and
// when (ARM calls go straight from the browser, so the page's own requests are the count), and a build
// held in one phase so a fault can be injected mid-build.
import type { Page } from '@playwright/test';
import { expect, signIn, templatePath, USERS, type LocalAzure } from './fixtures';

export interface Seen {
  status: number;
  at: number;
}

/** The page's answered requests whose method and URL match, with their status and time. */
export function watchResponses(page: Page, method: string, url: RegExp): Seen[] {
  const seen: Seen[] = [];
  page.on('response', (r) => {
    if (r.request().method() === method && url.test(r.url()))
      seen.push({ status: r.status(), at: Date.now() });
  });
  return seen;
}

/** The page's requests (answered or not) whose method and URL match, by start time. */
export function watchRequests(page: Page, method: string, url: RegExp): number[] {
  const at: number[] = [];
  page.on('request', (r) => {
    if (r.method() === method && url.test(r.url())) at.push(Date.now());
  });
  return at;
}

/** Requests per minute among `times` since `from` (the rate during a fault). */
export function perMinute(times: number[], from: number, to = Date.now()): number {
  const n = times.filter((t) => t >= from && t <= to).length;
  return (n * 60_000) / Math.max(1, to - from);
}

/** The template's GET (not its run outputs or actions): …/imageTemplates/<name>?api-version=… */
export function templateGet(name: string): RegExp {
  return new RegExp(`/imageTemplates/${name}\\?`, 'i');
}

/**
 * The origin of the page's own requests to Resource Manager (their `Origin` header), for a fault rule
 * meant for the page: the app's server reads the same template for the build log and the runs, and
 * would otherwise take a `count`ed fault first (emulator/README.md, fault rules).
 */
export function pageOrigin(page: Page): string {
  return new URL(page.url()).origin;
}

/** The template page's "could not refresh" note (the live log and topology have their own). */
export function templateNote(page: Page) {
  return page.getByTestId('refresh-problem').filter({ hasText: 'Could not refresh the template' });
}

/** Starts a build of `id` held in `phase` and waits until the page shows it there. */
export async function heldBuild(page: Page, localAzure: LocalAzure, id: string, phase = 'Customizing') {
  await localAzure.hold(id, phase);
  await signIn(page, USERS.owner, templatePath(id));
  await localAzure.time(500);
  await page.getByTestId('start-build').click();
  await expect(page.locator(`[data-phase="${phase}"]`)).toHaveAttribute('data-status', 'current', {
    timeout: 60_000,
  });
}
