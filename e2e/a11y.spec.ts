import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { test, expect, signIn, USERS, templateId, templatePath } from './fixtures';

test.beforeEach(async ({ localAzure }) => {
  await localAzure.reset();
});

async function axe(page: Page) {
  const r = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  return r.violations.map((v) => ({
    id: v.id,
    impact: v.impact,
    nodes: v.nodes.slice(0, 3).map((n) => n.target.join(' ')),
  }));
}

for (const scheme of ['light', 'dark'] as const) {
  test.describe(`${scheme} mode`, () => {
    test.use({ colorScheme: scheme });

    test('sign-in page is axe-clean', async ({ page }) => {
      await page.goto('/');
      await expect(page.getByRole('button', { name: 'Sign in with Microsoft Entra ID' })).toBeVisible();
      expect(await axe(page)).toEqual([]);
    });

    test('template list is axe-clean', async ({ page }) => {
      await signIn(page, USERS.owner);
      await expect(
        page.getByRole('table', { name: 'Image templates' }).getByRole('link', { name: 'ubuntu2204-base' }),
      ).toBeVisible();
      expect(await axe(page)).toEqual([]);
    });

    test('template page is axe-clean', async ({ page }) => {
      await signIn(page, USERS.owner, templatePath(templateId('dev', 'rg-images', 'ubuntu-script-fails')));
      await expect(page.getByTestId('run-outcome')).toHaveText('Failed');
      // Everything the page loads after the template, the build log's sections included, is checked.
      await expect(page.getByTestId('log-section').first()).toBeVisible({ timeout: 30_000 });
      expect(await axe(page)).toEqual([]);
    });
  });
}

test('the list is keyboard usable', async ({ page }) => {
  await signIn(page, USERS.owner);
  const search = page.getByRole('searchbox', { name: 'Search' });
  await expect(
    page.getByRole('table', { name: 'Image templates' }).getByRole('link', { name: 'ubuntu2204-base' }),
  ).toBeVisible();
  await search.focus();
  await page.keyboard.type('ubuntu2204-base');
  // Every keystroke stays in the field while the URL catches up (filters live in the URL).
  await expect(search).toHaveValue('ubuntu2204-base');
  await expect(page.getByText('1 of 12 templates')).toBeVisible();
  // Tab through the filters to the first row link and open it with Enter.
  for (let i = 0; i < 30; i++) {
    await page.keyboard.press('Tab');
    const name = await page.evaluate(() => document.activeElement?.textContent ?? '');
    if (name === 'ubuntu2204-base') break;
  }
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { level: 1, name: 'ubuntu2204-base' })).toBeVisible();
});
