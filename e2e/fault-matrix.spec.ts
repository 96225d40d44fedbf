// The fault matrix (docs/reliability.md): faults from local Azure's /_local/faults (never an
// intercepted request), each case asserting what the user sees and how often the page asked Resource
// Manager while the fault lasted. 2-s polls and a 12-s read timeout come from e2e/global-setup.ts.
import type { Request } from '@playwright/test';
import { test, expect, signIn, USERS, SUBSCRIPTIONS, templateId } from './fixtures';
import {
  heldBuild,
  pageOrigin,
  perMinute,
  templateGet,
  templateNote,
  watchRequests,
  watchResponses,
} from './faults';

const DEV_LIST = `^/subscriptions/${SUBSCRIPTIONS.dev.id}/providers/Microsoft.VirtualMachineImages/imageTemplates$`;
const DEV_LIST_URL = new RegExp(
  `/subscriptions/${SUBSCRIPTIONS.dev.id}/providers/Microsoft\\.VirtualMachineImages/imageTemplates\\?`,
  'i',
);

// Builds held mid-way under a shared 2-core machine: triple the default test timeout.
test.slow();
// Each test starts from local Azure's reset and sets what it needs, so the file's tests may run on
// either worker (each has its own local Azure): the longest file no longer ends the run alone.
test.describe.configure({ mode: 'parallel' });

test.beforeEach(async ({ localAzure }) => {
  await localAzure.reset();
});
test.afterEach(async ({ localAzure }) => {
  await localAzure.clearFaults();
  await localAzure.releaseHolds();
});

for (const [what, retryAfter] of [
  ['in seconds', () => 1],
  ['as an HTTP date', () => new Date(Date.now() + 2000).toUTCString()],
] as const) {
  test(`a 429 storm with Retry-After ${what}: the list says so, then recovers by itself`, async ({
    page,
    localAzure,
  }) => {
    // More 429s than the SDK pipeline retries (4 attempts): the list fails once, then reads again.
    await localAzure.faults([
      { method: 'GET', path: DEV_LIST, status: 429, retryAfter: retryAfter(), count: 6 },
    ]);
    const calls = watchRequests(page, 'GET', DEV_LIST_URL);
    const t0 = Date.now();
    await signIn(page, USERS.owner);
    const table = page.getByRole('table', { name: 'Image templates' });
    await expect(page.getByRole('list', { name: 'Subscriptions with problems' })).toContainText(
      'TooManyRequests',
      { timeout: 30_000 },
    );
    // Prod's rows are there meanwhile.
    await expect(table.getByRole('link', { name: 'win2022-iis-prod' })).toBeVisible();
    // No click: after Retry-After the list asks again and Dev's rows come.
    await expect(table.getByRole('link', { name: 'ubuntu2204-base' })).toBeVisible({ timeout: 30_000 });
    await expect(page.getByRole('list', { name: 'Subscriptions with problems' })).toHaveCount(0);
    expect(calls.length).toBe(7);
    expect(perMinute(calls, t0)).toBeLessThan(60);
  });
}

test('a 429 without Retry-After: Kiln’s own capped backoff, never a tight loop', async ({
  page,
  localAzure,
}) => {
  await localAzure.faults([{ method: 'GET', path: DEV_LIST, status: 429 }]);
  const calls = watchRequests(page, 'GET', DEV_LIST_URL);
  const t0 = Date.now();
  await signIn(page, USERS.owner);
  await expect(page.getByRole('list', { name: 'Subscriptions with problems' })).toContainText(
    'TooManyRequests',
    { timeout: 30_000 },
  );
  await page.waitForTimeout(Math.max(0, 30_000 - (Date.now() - t0)));
  // 5 s, 10 s between TanStack's two retries, then 5 s, 10 s … between recoveries: a handful, not hundreds.
  expect(calls.length).toBeGreaterThanOrEqual(3);
  expect(perMinute(calls, t0)).toBeLessThanOrEqual(16);
  await localAzure.clearFaults();
  await expect(
    page.getByRole('table', { name: 'Image templates' }).getByRole('link', { name: 'ubuntu2204-base' }),
  ).toBeVisible({ timeout: 40_000 });
});

test('500, 502, 503 and 504 once each: recovered silently, the list never shows an error', async ({
  page,
  localAzure,
}) => {
  await signIn(page, USERS.owner);
  const table = page.getByRole('table', { name: 'Image templates' });
  await expect(table.getByRole('link', { name: 'ubuntu2204-base' })).toBeVisible();
  for (const status of [500, 502, 503, 504]) {
    await localAzure.faults([{ method: 'GET', path: DEV_LIST, status, count: 1 }]);
    const seen = watchResponses(page, 'GET', DEV_LIST_URL);
    await page.reload();
    await expect(table.getByRole('link', { name: 'ubuntu2204-base' })).toBeVisible({ timeout: 30_000 });
    await expect(page.getByRole('list', { name: 'Subscriptions with problems' })).toHaveCount(0);
    // The pipeline's one retry, nothing more.
    expect(
      seen.map((s) => s.status),
      `HTTP ${status}`,
    ).toEqual([status, 200]);
    page.removeAllListeners('response');
  }
});

test('a persistent 503 during a build: the note counts the failures, polling backs off, Refresh now works', async ({
  page,
  localAzure,
}) => {
  const id = templateId('dev', 'rg-images', 'ubuntu2204-base');
  await heldBuild(page, localAzure, id);
  await expect(page.getByTestId('last-heard')).toBeVisible();
  const calls = watchRequests(page, 'GET', templateGet('ubuntu2204-base'));
  await localAzure.faults([{ method: 'GET', path: '/imageTemplates/ubuntu2204-base$', status: 503 }]);
  const t0 = Date.now();
  const note = templateNote(page);
  await expect(note).toContainText('(3 tries in a row)', { timeout: 30_000 });
  await expect(note).toContainText(/Retrying in \d+ s/);
  await expect(page.getByTestId('run-outcome')).toHaveText('Building');
  // Normal polling would have asked every 2 s (≥ 30/min); backing off (4, 8, 16 s …) asks far less.
  expect(perMinute(calls, t0)).toBeLessThan(20);
  await localAzure.clearFaults();
  await note.getByRole('button', { name: 'Refresh now' }).click();
  await expect(note).toHaveCount(0);
  await expect(page.getByTestId('last-heard')).toBeVisible();
});

test('10 s of latency: the page says plainly when it last heard from Azure, then catches up', async ({
  page,
  localAzure,
}) => {
  const id = templateId('dev', 'rg-images', 'ubuntu2204-base');
  await heldBuild(page, localAzure, id);
  await localAzure.faults([
    {
      method: 'GET',
      path: '/imageTemplates/ubuntu2204-base$',
      origin: pageOrigin(page),
      latencyMs: 10_000,
      count: 1,
    },
  ]);
  const silent = page.getByTestId('azure-silent');
  await expect(silent).toContainText(/No answer from Azure for \d+ s: what you see is from/, {
    timeout: 15_000,
  });
  await expect(page.getByTestId('run-outcome')).toHaveText('Building');
  await expect(silent).toHaveCount(0, { timeout: 15_000 });
  await expect(templateNote(page)).toHaveCount(0);
});

test('a hung connection: one read at a time, given up after the read timeout, cancelled on navigation', async ({
  page,
  localAzure,
}) => {
  const id = templateId('dev', 'rg-images', 'ubuntu2204-base');
  await heldBuild(page, localAzure, id);
  const reads: Request[] = [];
  page.on('request', (r) => {
    if (r.method() === 'GET' && templateGet('ubuntu2204-base').test(r.url())) reads.push(r);
  });
  await localAzure.faults([
    {
      method: 'GET',
      path: '/imageTemplates/ubuntu2204-base$',
      origin: pageOrigin(page),
      latencyMs: 300_000,
      count: 1,
    },
  ]);
  await expect(page.getByTestId('azure-silent')).toBeVisible({ timeout: 15_000 });
  const note = templateNote(page);
  await expect(note).toContainText('Timeout', { timeout: 20_000 });
  // While it hung, no second read was sent on top of it: the read given up is still the last one sent.
  // (Ordered by the browser's own events, not by when they reach the test: a poll sent just before the
  // fault may be reported after it.)
  const hung = reads.at(-1);
  expect(hung && (await hung.response())).toBeNull();
  expect(hung?.failure()?.errorText).toMatch(/ABORTED|cancel/i);
  await expect(note).toHaveCount(0, { timeout: 15_000 });

  // Hung again, and the user goes to another template: the read is cancelled, not left running.
  await localAzure.faults([
    {
      method: 'GET',
      path: '/imageTemplates/ubuntu2204-base$',
      origin: pageOrigin(page),
      latencyMs: 300_000,
      count: 1,
    },
  ]);
  const aborted = page.waitForEvent('requestfailed', {
    predicate: (r) => templateGet('ubuntu2204-base').test(r.url()),
    timeout: 20_000,
  });
  await expect(page.getByTestId('azure-silent')).toBeVisible({ timeout: 15_000 });
  // A client-side navigation: the page that asked goes away, its query's signal aborts the read.
  await page
    .getByRole('navigation', { name: 'Breadcrumb' })
    .getByRole('link', { name: 'Image templates' })
    .click();
  expect((await aborted).failure()?.errorText).toMatch(/ABORTED|cancel/i);
});

test('Resource Manager unreachable mid-build (every request dropped), then back: a note, then the same build', async ({
  page,
  localAzure,
}) => {
  const id = templateId('dev', 'rg-images', 'ubuntu2204-base');
  await heldBuild(page, localAzure, id);
  const calls = watchRequests(page, 'GET', templateGet('ubuntu2204-base'));
  await localAzure.faults([{ path: '.', drop: true }]);
  const t0 = Date.now();
  const note = templateNote(page);
  await expect(note).toContainText('NetworkError', { timeout: 20_000 });
  await expect(note).toContainText('could not be reached');
  await expect(page.getByTestId('run-outcome')).toHaveText('Building');
  await expect(page.getByRole('button', { name: 'Cancel build' })).toBeVisible();
  await page.waitForTimeout(Math.max(0, 15_000 - (Date.now() - t0)));
  expect(perMinute(calls, t0)).toBeLessThan(30);
  await localAzure.clearFaults();
  await note.getByRole('button', { name: 'Refresh now' }).click();
  await expect(note).toHaveCount(0, { timeout: 15_000 });
  // The same build carries on to its end.
  await localAzure.releaseHolds();
  await localAzure.time(2000);
  await expect(page.getByTestId('run-outcome')).toHaveText('Succeeded', { timeout: 60_000 });
});

test('an access token expiring mid-build is renewed silently', async ({ page, localAzure }) => {
  const id = templateId('dev', 'rg-images', 'ubuntu2204-base');
  await localAzure.configure({ tokenTtlSeconds: 5 });
  try {
    await heldBuild(page, localAzure, id);
    const renewals = watchRequests(page, 'POST', /\/token(\?|$)/);
    const gets = watchResponses(page, 'GET', templateGet('ubuntu2204-base'));
    await page.waitForTimeout(9_000);
    expect(renewals.length).toBeGreaterThanOrEqual(1);
    expect(gets.filter((g) => g.status === 401)).toEqual([]);
    await expect(templateNote(page)).toHaveCount(0);
    await expect(page.getByRole('button', { name: 'Sign in with Microsoft Entra ID' })).toHaveCount(0);
    await expect(page.getByTestId('run-outcome')).toHaveText('Building');
  } finally {
    await localAzure.configure({ tokenTtlSeconds: 3600 });
  }
});

test('the template gone during a build: the page says so and stops asking', async ({ page, localAzure }) => {
  const id = templateId('dev', 'rg-images', 'ubuntu2204-base');
  await heldBuild(page, localAzure, id);
  await localAzure.faults([
    {
      method: 'GET',
      path: '/imageTemplates/ubuntu2204-base$',
      status: 404,
      code: 'ResourceNotFound',
      message: 'The Resource was not found.',
    },
  ]);
  await expect(page.getByText('No template ubuntu2204-base here')).toBeVisible({ timeout: 20_000 });
  const calls = watchRequests(page, 'GET', templateGet('ubuntu2204-base'));
  await page.waitForTimeout(8_000);
  expect(calls).toEqual([]);
});
