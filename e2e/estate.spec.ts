// The estate at scale (300 seeded subscriptions × 20 templates): the estate view with the seeded
// leftovers, and an orphaned staging group cleaned up by the Owner and refused to a Reader (with the
// role to ask for). Resource Graph's types are lower-case, as the dialog shows them.
import { test, expect, signIn, USERS } from './fixtures';

const ORPHANS = 12; // round(300 / 25)
const LEFTOVERS = ORPHANS + 2 + 6; // + stuck cancels ceil(300 / 250) + stale groups round(300 / 50)

test.beforeEach(async ({ localAzure }) => {
  await localAzure.reset();
  await localAzure.time(600);
  await localAzure.seedEstate(300, 6000);
});

test('the estate view shows the seeded leftovers, each with why, filtered in the URL', async ({ page }) => {
  await signIn(page, USERS.owner, '/estate');
  await expect(page.getByRole('heading', { name: `Leftovers (${LEFTOVERS})` })).toBeVisible({
    timeout: 60_000,
  });
  const estate = page.getByRole('definition').first();
  await expect(estate).toHaveText(/[\d,]+/);
  const list = page.getByRole('list', { name: 'Leftovers' });
  await expect(list.getByText('Orphaned staging group')).toHaveCount(ORPHANS);
  await expect(list.getByText('Stuck in Canceling')).toHaveCount(2);
  await expect(list.getByText('Build resources left behind')).toHaveCount(6);
  await expect(
    list.getByText(
      'Made by Image Builder for template “tpl-retired-000” in rg-images-0, which no longer exists.',
    ),
  ).toBeVisible();
  await page.getByRole('combobox', { name: 'Leftover' }).selectOption('stuck-cancel');
  await expect(page).toHaveURL(/[?&]kind=stuck-cancel/);
  await expect(page.getByRole('heading', { name: 'Leftovers (2)' })).toBeVisible();
  await expect(list.getByText(/^Canceling, and its run started \d+ h ago\.$/)).toHaveCount(2);
});

test('a Reader is refused the clean-up and told which role to ask for', async ({ page }) => {
  await signIn(page, USERS.reader, '/estate?kind=orphaned-staging-group');
  await expect(page.getByRole('heading', { name: 'Leftovers (4)' })).toBeVisible({ timeout: 60_000 });
  const first = page.getByRole('list', { name: 'Leftovers' }).getByRole('listitem').first();
  await expect(first).toContainText(
    'You may not delete this group. Ask for Contributor (or Owner) on the resource group or its subscription.',
  );
  await expect(first.getByRole('button', { name: 'Clean up…' })).toHaveCount(0);
});

test('the Owner cleans up an orphaned staging group: contents first, its name to confirm, sent once', async ({
  page,
}) => {
  const deletes: string[] = [];
  page.on('request', (r) => {
    if (r.method() === 'DELETE' && /\/resourcegroups\/IT_/i.test(r.url())) deletes.push(r.url());
  });
  await signIn(page, USERS.owner, '/estate?kind=orphaned-staging-group');
  await expect(page.getByRole('heading', { name: `Leftovers (${ORPHANS})` })).toBeVisible({
    timeout: 60_000,
  });
  const row = page.getByRole('listitem').filter({ hasText: 'tpl-retired-000' });
  await row.getByRole('button', { name: 'Clean up…' }).click();
  const dialog = page.getByRole('dialog');
  const title = (await dialog.getByRole('heading').textContent()) ?? '';
  const name = title.replace(/^Delete resource group /, '').replace(/\?$/, '');
  expect(name).toMatch(/^IT_rg-images-0_tpl-retired-000_/);
  await expect(dialog.getByRole('list', { name: 'Contents' })).toContainText(
    'microsoft.storage/storageaccounts',
  );
  const del = dialog.getByRole('button', { name: 'Delete resource group' });
  await expect(del).toBeDisabled();
  await dialog.getByLabel('Type the group’s name to confirm').fill(name);
  await del.click();
  await expect(dialog.getByRole('status')).toHaveText(`Resource Manager deleted ${name}.`, {
    timeout: 60_000,
  });
  expect(deletes).toHaveLength(1);
  await dialog.getByRole('button', { name: 'Close' }).click();
  await expect(page.getByRole('heading', { name: `Leftovers (${ORPHANS - 1})` })).toBeVisible({
    timeout: 30_000,
  });
  await expect(page.getByRole('listitem').filter({ hasText: 'tpl-retired-000' })).toHaveCount(0);
});
