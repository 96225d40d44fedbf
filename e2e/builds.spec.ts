import type { Page } from '@playwright/test';
import { test, expect, signIn, USERS, templateId, templatePath } from './fixtures';

test.beforeEach(async ({ localAzure }) => {
  await localAzure.reset();
});

/** Counts POST …/run requests the page sends. */
function countRuns(page: Page): { count: () => number } {
  let n = 0;
  page.on('request', (r) => {
    if (r.method() === 'POST' && /\/imageTemplates\/[^/]+\/run\?/i.test(r.url())) n += 1;
  });
  return { count: () => n };
}

test('Start build shows Queued at once and follows the run to Succeeded', async ({ page, localAzure }) => {
  const id = templateId('dev', 'rg-images', 'ubuntu2204-base');
  await signIn(page, USERS.owner, templatePath(id));
  const start = page.getByTestId('start-build');
  await expect(start).toBeEnabled();
  // ARM takes 4 s to answer this start: "Queued" must show before its answer, from the click alone.
  await localAzure.faults([
    { method: 'POST', path: '/imageTemplates/ubuntu2204-base/run$', latencyMs: 4_000, count: 1 },
  ]);
  let answered = false;
  page.on('response', (r) => {
    if (r.request().method() === 'POST' && /\/imageTemplates\/[^/]+\/run\?/i.test(r.url())) answered = true;
  });
  await start.click();
  await expect(page.locator('[data-phase="Queued"][data-status="current"]')).toBeVisible({ timeout: 3_000 });
  expect(answered, 'Queued showed only after ARM answered').toBe(false);
  await expect(page.getByTestId('run-outcome')).toHaveText('Building', { timeout: 30_000 });
  await expect(start).toBeDisabled();
  await expect(page.getByText('A build is already running.')).toBeVisible();
  await localAzure.time(2000);
  await expect(page.getByTestId('run-outcome')).toHaveText('Succeeded', { timeout: 60_000 });
  await expect(page.getByRole('region', { name: 'Run outputs' })).toContainText(/Artifact (id|URI)/);
});

test('a failing build shows its error', async ({ page, localAzure }) => {
  const id = templateId('dev', 'rg-images', 'ubuntu-script-fails');
  await signIn(page, USERS.owner, templatePath(id));
  await localAzure.time(2000);
  await page.getByTestId('start-build').click();
  await expect(page.getByTestId('run-outcome')).toHaveText('Failed', { timeout: 60_000 });
  await expect(page.getByTestId('run-message')).toContainText(/failure has occurred|failed/i);
  await expect(page.locator('[data-status="failed"]')).toHaveCount(1);
});

test('Cancel build asks, then follows Canceling → Canceled', async ({ page, localAzure }) => {
  const id = templateId('dev', 'rg-images', 'ubuntu2204-base');
  await localAzure.hold(id, 'Customizing');
  try {
    await signIn(page, USERS.owner, templatePath(id));
    await localAzure.time(500);
    await page.getByTestId('start-build').click();
    await expect(page.locator('[data-phase="Customizing"]')).toHaveAttribute('data-status', 'current', {
      timeout: 60_000,
    });
    await page.getByRole('button', { name: 'Cancel build' }).click();
    const dialog = page.getByRole('dialog', { name: 'Cancel this build?' });
    await expect(dialog).toBeVisible();
    await dialog.getByRole('button', { name: 'Cancel build' }).click();
    await expect(page.getByTestId('run-outcome')).toHaveText(/Canceling|Canceled/);
    await localAzure.releaseHolds();
    await expect(page.getByTestId('run-outcome')).toHaveText('Canceled', { timeout: 60_000 });
    await expect(page.getByTestId('start-build')).toBeEnabled();
  } finally {
    await localAzure.releaseHolds();
  }
});

test('a Reader cannot start a build, and is told why', async ({ page }) => {
  await signIn(page, USERS.reader);
  const table = page.getByRole('table', { name: 'Image templates' });
  await expect(table.getByRole('link', { name: 'win2022-iis-prod' })).toBeVisible();
  await expect(table.getByRole('link', { name: 'ubuntu2204-base' })).toHaveCount(0);
  // The row reads the permissions when the user points at Start build (not for every group at load).
  await table
    .getByRole('button', { name: /Start build/ })
    .first()
    .hover();
  await expect(table.getByRole('button', { name: /Start build/ }).first()).toBeDisabled();
  await table.getByRole('link', { name: 'win2022-iis-prod' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'win2022-iis-prod' })).toBeVisible();
  await expect(page.getByTestId('start-build')).toBeDisabled();
  await expect(page.getByText(/permission to start builds.*run\/action/)).toBeVisible();
  await expect(page.getByRole('button', { name: 'Delete template' })).toBeDisabled();
});

test('double click, Enter + click and a second tab start exactly one build', async ({
  page,
  context,
  localAzure,
}) => {
  const id = templateId('dev', 'rg-images', 'win2022-vhd');
  await localAzure.hold(id, 'Building');
  try {
    // The second tab opens the page before the build starts, so its button is still enabled.
    const other = await context.newPage();
    await signIn(other, USERS.owner, templatePath(id));
    await expect(other.getByTestId('start-build')).toBeEnabled();

    await signIn(page, USERS.owner, templatePath(id));
    const runs = countRuns(page);
    const start = page.getByTestId('start-build');
    await expect(start).toBeEnabled();
    await start.dblclick();
    await start.press('Enter').catch(() => undefined);
    await start.click({ force: true }).catch(() => undefined);
    await expect(page.getByTestId('run-outcome')).toHaveText('Building');
    await page.waitForTimeout(1500);
    expect(runs.count()).toBe(1);

    const otherRuns = countRuns(other);
    await other.bringToFront();
    await other
      .getByTestId('start-build')
      .click({ timeout: 5000 })
      .catch(() => undefined);
    await expect(other.getByText(/already running/).first()).toBeVisible();
    expect(otherRuns.count()).toBeLessThanOrEqual(1);
    await expect(other.getByRole('alert').filter({ hasText: /crash|Unexpected/i })).toHaveCount(0);
  } finally {
    await localAzure.releaseHolds();
  }
});
