// README screenshots (docs/screenshots/*.png): `npm run screenshots`. Not part of `npm test` (it only
// takes pictures); it runs through playwright.screenshots.config.ts.
import { test, expect, signIn, USERS, templateId, templatePath } from './fixtures';

test.beforeEach(async ({ localAzure }) => {
  await localAzure.reset();
});

test('README screenshots', async ({ page, localAzure }) => {
  await page.goto('/');
  await expect(page.getByRole('button', { name: 'Sign in with Microsoft Entra ID' })).toBeVisible();
  await page.screenshot({ path: 'docs/screenshots/sign-in.png' });

  await signIn(page, USERS.owner);
  const table = page.getByRole('table', { name: 'Image templates' });
  await expect(table.getByRole('link', { name: 'ubuntu2204-base' })).toBeVisible();
  // One running build in the list.
  const running = templateId('dev', 'rg-images', 'win2022-vhd');
  await localAzure.hold(running, 'Customizing');
  try {
    await page.goto(templatePath(running));
    await page.getByTestId('start-build').click();
    await expect(page.locator('[data-phase="Customizing"]')).toHaveAttribute('data-status', 'current', {
      timeout: 120_000,
    });
    await page.goto('/');
    await expect(table.getByRole('link', { name: 'ubuntu2204-base' })).toBeVisible();
    await page.screenshot({ path: 'docs/screenshots/templates.png' });
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.screenshot({ path: 'docs/screenshots/templates-dark.png' });
    await page.emulateMedia({ colorScheme: 'light' });
    await page.goto(templatePath(running));
    await expect(page.getByTestId('run-outcome')).toHaveText('Building');
    await page.waitForTimeout(3000);
    await page.screenshot({ path: 'docs/screenshots/template-building.png', fullPage: true });
  } finally {
    await localAzure.releaseHolds();
  }
  await page.goto(templatePath(templateId('dev', 'rg-images', 'ubuntu-script-fails')));
  await expect(page.getByTestId('run-outcome')).toHaveText('Failed');
  await page.waitForTimeout(3000);
  await page.screenshot({ path: 'docs/screenshots/template-failed.png', fullPage: true });
});
