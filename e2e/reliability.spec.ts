import { test, expect, signIn, USERS, SUBSCRIPTIONS, templateId, templatePath } from './fixtures';
import { heldBuild, pageOrigin, templateGet, templateNote, watchResponses } from './faults';

test.beforeEach(async ({ localAzure }) => {
  await localAzure.reset();
});

test('a throttled read is retried once per Retry-After by the SDK pipeline, not by the app on top', async ({
  page,
  localAzure,
}) => {
  const listPath = `/subscriptions/${SUBSCRIPTIONS.dev.id}/providers/Microsoft.VirtualMachineImages/imageTemplates`;
  await localAzure.faults([{ method: 'GET', path: `^${listPath}`, status: 429, retryAfter: 1, count: 2 }]);
  try {
    const calls: string[] = [];
    page.on('request', (r) => {
      if (r.method() === 'GET' && new URL(r.url()).pathname.toLowerCase() === listPath.toLowerCase())
        calls.push(r.url());
    });
    await signIn(page, USERS.owner);
    await expect(
      page.getByRole('table', { name: 'Image templates' }).getByRole('link', { name: 'ubuntu2204-base' }),
    ).toBeVisible({ timeout: 30_000 });
    // Two 429s with Retry-After, then the answer: three requests in all.
    expect(calls).toHaveLength(3);
  } finally {
    await localAzure.clearFaults();
  }
});

test('a start that fails with a retryable 503 is not resent; Kiln shows ARM’s error and reads the state again', async ({
  page,
  localAzure,
}) => {
  const id = templateId('dev', 'rg-images', 'win2022-vhd');
  await signIn(page, USERS.owner, templatePath(id));
  // A 503 is what a read would retry. (Not a dropped connection: Chromium may itself resend a request
  // whose reused keep-alive connection closes unanswered, below the app.)
  await localAzure.faults([
    {
      method: 'POST',
      path: '/imageTemplates/win2022-vhd/run',
      status: 503,
      code: 'ServiceUnavailable',
      message: 'The service is temporarily unavailable.',
      count: 1,
    },
  ]);
  try {
    let runs = 0;
    page.on('request', (r) => {
      if (r.method() === 'POST' && /\/run\?/.test(r.url())) runs += 1;
    });
    await page.getByTestId('start-build').click();
    await expect(page.getByText(/The build was not started/)).toBeVisible({ timeout: 30_000 });
    await expect(page.getByRole('alert').filter({ hasText: 'ServiceUnavailable' })).toBeVisible();
    await page.waitForTimeout(1500);
    expect(runs).toBe(1);
    // The page re-read the template: still never built, and Start build is available again.
    await expect(page.getByTestId('run-outcome')).toHaveText('Never built');
    await expect(page.getByTestId('start-build')).toBeEnabled();
  } finally {
    await localAzure.clearFaults();
  }
});

test('a failed refresh keeps the running build on screen, says when it retries, and backs off', async ({
  page,
  localAzure,
}) => {
  test.slow();
  const id = templateId('dev', 'rg-images', 'ubuntu2204-base');
  try {
    await heldBuild(page, localAzure, id);
    // The live log is read only while it is on screen (below the fold at 1440×900, and sections above
    // it still settle): scroll to it, as a person would, until it shows.
    const log = page.getByTestId('build-log');
    await expect(async () => {
      await log.scrollIntoViewIfNeeded();
      await expect(log).toHaveAttribute('data-source', 'live', { timeout: 5_000 });
    }).toPass({ timeout: 60_000 });
    const gets = watchResponses(page, 'GET', templateGet('ubuntu2204-base'));
    await localAzure.faults([
      {
        method: 'GET',
        path: '/imageTemplates/ubuntu2204-base$',
        origin: pageOrigin(page),
        status: 503,
        count: 2,
      },
    ]);
    const note = templateNote(page);
    await expect(note).toContainText(/Could not refresh the template: ServiceUnavailable/);
    await expect(note).toContainText(/Retrying in \d+ s\. Last updated \d/);
    // Nothing was wiped: the state, Cancel and the live log are still there.
    await expect(page.getByTestId('run-outcome')).toHaveText('Building');
    await expect(page.getByRole('button', { name: 'Cancel build' })).toBeEnabled();
    await expect(page.getByTestId('build-log')).toHaveAttribute('data-source', 'live');
    await expect(page.getByText('The template could not be read')).toHaveCount(0);
    await expect(note).toContainText('(2 tries in a row)', { timeout: 20_000 });
    await expect(note).toHaveCount(0, { timeout: 30_000 });
    await expect(page.getByTestId('last-heard')).toBeVisible();
    // One request per poll (no pipeline retries on a poll): the two failed reads, then the one that
    // recovered; with 2-s polls the waits after them grow (4 s, then 8 s).
    const first = gets.findIndex((g) => g.status === 503);
    const [a, b, c] = gets.slice(first, first + 3);
    expect([a?.status, b?.status, c?.status]).toEqual([503, 503, 200]);
    const wait1 = (b?.at ?? 0) - (a?.at ?? 0);
    const wait2 = (c?.at ?? 0) - (b?.at ?? 0);
    expect(wait1).toBeGreaterThan(3_000);
    expect(wait2).toBeGreaterThan(1.5 * wait1);
  } finally {
    await localAzure.clearFaults();
    await localAzure.releaseHolds();
  }
});

test('local Azure stopped mid-build and started again: the page says it cannot reach Azure, then follows the same build to its end', async ({
  page,
  localAzure,
}) => {
  test.slow();
  const id = templateId('dev', 'rg-images', 'ubuntu2204-base');
  try {
    await heldBuild(page, localAzure, id);
    const started = await page.getByTestId('run-started').getAttribute('datetime');
    // Resource Manager and the identity provider refuse connections for 12 s (several 2-s polls).
    await localAzure.restart(12);
    const note = templateNote(page);
    await expect(note).toBeVisible({ timeout: 20_000 });
    // What was on screen stays: the state, Cancel, the live log.
    await expect(page.getByTestId('run-outcome')).toHaveText('Building');
    await expect(page.getByRole('button', { name: 'Cancel build' })).toBeVisible();
    await expect(page.getByTestId('build-log')).toBeVisible();
    // Back: the note goes by itself and the page follows the same run (same start), held where it was.
    await expect(note).toHaveCount(0, { timeout: 60_000 });
    await expect(page.locator('[data-phase="Customizing"]')).toHaveAttribute('data-status', 'current');
    expect(await page.getByTestId('run-started').getAttribute('datetime')).toBe(started);
    await localAzure.releaseHolds();
    await localAzure.time(2000);
    await expect(page.getByTestId('run-outcome')).toHaveText('Succeeded', { timeout: 60_000 });
    expect(await page.getByTestId('run-started').getAttribute('datetime')).toBe(started);
  } finally {
    await localAzure.releaseHolds();
  }
});
