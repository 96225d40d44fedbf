// Every build remembered and explained: the Runs section rebuilt from the Activity Log and the per-run
// log folders, failures explained, two runs compared, and a running build's steps with the time left.
import { test, expect, signIn, USERS, templateId, templatePath } from './fixtures';

test.beforeEach(async ({ localAzure }) => {
  await localAzure.reset();
});

test('a template built twice (a success, then a customizer failure): both in Runs with caller, result, duration, steps and cost; the failure explained; the two compared', async ({
  page,
  localAzure,
}) => {
  const id = templateId('dev', 'rg-images', 'ubuntu2204-base');
  await signIn(page, USERS.owner, `${templatePath(id)}?section=runs`);
  const runs = page.getByRole('region', { name: 'Runs' });
  const table = runs.getByRole('table', { name: 'Runs, newest first' });
  await expect(table.getByRole('row')).toHaveCount(4); // header + the seed's three runs
  await expect(runs.getByRole('img', { name: /Durations of the last 3 runs/ })).toBeVisible();

  // Build it twice: the first succeeds; in the second its first script fails (exit 7) on the build VM.
  await localAzure.time(2000);
  const outcome = page.getByTestId('run-outcome');
  await page.getByTestId('start-build').click();
  await expect(outcome).toHaveText('Succeeded', { timeout: 90_000 });
  await localAzure.failNextScript(id, 7);
  await page.getByTestId('start-build').click();
  await expect(outcome).toHaveText('Failed', { timeout: 90_000 });

  // Both are in Runs, newest first, with who started them, how they ended, how long, steps and cost.
  await expect(table.getByRole('row')).toHaveCount(6, { timeout: 30_000 });
  const failed = table.getByRole('row').nth(1);
  const succeeded = table.getByRole('row').nth(2);
  for (const [row, result] of [
    [failed, 'Failed'],
    [succeeded, 'Succeeded'],
  ] as const) {
    await expect(row.getByText(result, { exact: true })).toBeVisible();
    await expect(row).toContainText(USERS.owner);
    // Durations are real time: at local Azure's time scale a build takes seconds.
    await expect(row).toContainText(/\d+ (s|min)/);
    await expect(row).toContainText(/\d+ steps/);
    await expect(row).toContainText(/≈ \$\d|under \$\d/);
  }
  await expect(runs.getByRole('img', { name: /Durations of the last 5 runs/ })).toBeVisible();

  // The failure, explained: what happened, the failing step, and the raw text a click away.
  await failed.getByRole('button').click();
  await expect(page).toHaveURL(/[?&]run=/);
  const why = runs.getByRole('region', { name: 'Why the build failed' });
  await expect(why).toContainText('A customizer script failed');
  await why.getByText('Raw message, failing step and last log lines').click();
  await expect(why).toContainText('exit status: 7');

  // Compare the two: the shell step differs, and both logs of it show. The choice lives in the URL:
  // each tick is a navigation, so wait for it to show before the next.
  await succeeded.getByRole('checkbox').click();
  await expect(succeeded.getByRole('checkbox')).toBeChecked();
  await failed.getByRole('checkbox').click();
  await expect(failed.getByRole('checkbox')).toBeChecked();
  await expect(page).toHaveURL(/[?&]compare=[^&]+%2C|[?&]compare=[^&]+,/);
  const compare = runs.getByRole('region', { name: 'Compare two runs' });
  await expect(compare.getByRole('table')).toContainText('shell');
  await expect(compare.getByText('Older run: shell (succeeded)')).toBeVisible();
  await expect(compare.getByText('Newer run: shell (failed)')).toBeVisible();
  await expect(compare).toContainText('Updating packages');
});

test('a running build shows its steps and the time left; its end shows in the tab title and in Runs', async ({
  page,
  localAzure,
}) => {
  const id = templateId('dev', 'rg-images', 'ubuntu2204-base');
  await signIn(page, USERS.owner, `${templatePath(id)}?section=runs`);
  await localAzure.hold(id, 'Customizing');
  await page.getByTestId('start-build').click();
  const progress = page.getByRole('region', { name: 'Progress of this build' });
  await expect(progress).toContainText(/About \d+ min left|Less than a minute left|longer than usual/, {
    timeout: 60_000,
  });
  await expect(progress.getByRole('progressbar')).toBeVisible();
  // Its cost so far, and by the end, from the region's list prices.
  await expect(progress.getByTestId('cost-so-far')).toContainText(
    /Cost so far (≈|under) \$\d+\.\d+ · about \$\d+\.\d+ by the end \(list-price estimate\)/,
  );
  await progress.screenshot({ path: test.info().outputPath('build-progress.png') });
  await expect(progress.getByRole('list', { name: 'Steps' })).toContainText('Deploy the build VM', {
    timeout: 60_000,
  });
  // This build's log (not an earlier run's), read as it is written: its open step is still running.
  await expect(progress.getByRole('list', { name: 'Steps' })).toContainText('(running)');
  await expect(progress.getByRole('list', { name: 'Steps' })).not.toContainText('(failed)');
  await expect(page).toHaveTitle(/^● Building · /);
  await localAzure.time(2000);
  await localAzure.releaseHolds();
  await expect(page.getByTestId('run-outcome')).toHaveText('Succeeded', { timeout: 90_000 });
  await expect(page).toHaveTitle(/^✓ Succeeded · /);
  const table = page.getByRole('region', { name: 'Runs' }).getByRole('table', { name: 'Runs, newest first' });
  await expect(table.getByRole('row')).toHaveCount(5, { timeout: 30_000 });
  await expect(table.getByRole('row').nth(1)).toContainText('Succeeded');
});

test('a network failure is explained, fixed in one click, and the next build succeeds', async ({
  page,
  localAzure,
}) => {
  // Private Link service network policies Enabled on the build subnet: Image Builder fails to place its
  // Private Link service there.
  const id = templateId('dev', 'rg-images', 'ubuntu-pls-policies');
  await localAzure.time(2000);
  await signIn(page, USERS.owner, `${templatePath(id)}?section=runs`);
  await page.getByTestId('start-build').click();
  await expect(page.getByTestId('run-outcome')).toHaveText('Failed', { timeout: 60_000 });

  const runs = page.getByRole('region', { name: 'Runs' });
  const table = runs.getByRole('table', { name: 'Runs, newest first' });
  await expect(table.getByRole('row').nth(1)).toContainText('Failed', { timeout: 30_000 });
  await table.getByRole('row').nth(1).getByRole('button').click();
  const why = runs.getByRole('region', { name: 'Why the build failed' });
  await expect(why).toContainText('The build subnet blocks the Private Link service');
  // Kiln's fix, from the pre-flight check, one click (and a look at the exact change) away.
  await why.getByRole('button', { name: /^Fix: Disable Private Link service network policies/ }).click();
  const dialog = page.getByRole('dialog');
  await expect(dialog).toContainText('privateLinkServiceNetworkPolicies');
  await dialog.getByRole('button', { name: 'Make this change' }).click();
  await expect(why).toContainText('passes now: build again', { timeout: 30_000 });

  await expect(page.getByTestId('start-build')).toBeEnabled();
  await page.getByTestId('start-build').click();
  await expect(page.getByTestId('run-outcome')).toHaveText('Succeeded', { timeout: 90_000 });
  await expect(table.getByRole('row').nth(1)).toContainText('Succeeded', { timeout: 30_000 });
  await expect(table.getByRole('row').nth(2)).toContainText('Failed');
});
