import { test, expect, signIn, USERS, SUBSCRIPTIONS, templateId, templatePath } from './fixtures';

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
