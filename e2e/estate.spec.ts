// The estate at scale (300 seeded subscriptions × 20 templates): the templates list whole and counted
// (for the Owner and for a Reader who sees a third), in at most 10 ARM requests; the estate view with the
// seeded leftovers, and an orphaned staging group cleaned up by the Owner and refused to a Reader (with
// the role to ask for). Resource Graph's types are lower-case, as the dialog shows them.
import type { Page } from '@playwright/test';
import { test, expect, signIn, USERS } from './fixtures';

const ORPHANS = 12; // round(300 / 25)
const LEFTOVERS = ORPHANS + 2 + 6; // + stuck cancels ceil(300 / 250) + stale groups round(300 / 50)

const SUBSCRIPTIONS = 300 + 2; // the estate's and the seed world's Contoso Dev and Prod

interface Seeded {
  /** Templates each demo user may read in the whole world, by local Azure's RBAC. */
  templatesVisibleTo: Record<string, number>;
  readerSubscriptions: number;
}
let seeded: Seeded;

test.beforeEach(async ({ localAzure }) => {
  await localAzure.reset();
  await localAzure.time(600);
  seeded = (await localAzure.seedEstate(300, 6000)) as Seeded;
});

/**
 * ARM requests the page sends (CORS preflights apart), split into the list's own (subscriptions and
 * Resource Graph) and the refreshes of single templates (running rows are read from the template itself).
 */
function armRequests(page: Page, arm: string): { listing: string[]; refreshes: string[]; other: string[] } {
  const seen = { listing: [] as string[], refreshes: [] as string[], other: [] as string[] };
  const origin = new URL(arm).origin;
  page.on('request', (r) => {
    if (!r.url().startsWith(origin) || r.method() === 'OPTIONS') return;
    const path = new URL(r.url()).pathname;
    if (path === '/subscriptions' || /^\/providers\/Microsoft\.ResourceGraph\/resources$/i.test(path))
      seen.listing.push(`${r.method()} ${r.url()}`);
    else if (r.method() === 'GET' && /\/imageTemplates\/[^/]+$/i.test(path)) seen.refreshes.push(path);
    else seen.other.push(`${r.method()} ${r.url()}`);
  });
  return seen;
}

/** The list's count line once the last page is in: every template the user can see, in every subscription. */
async function expectWholeList(page: Page, templates: number, subscriptions: number): Promise<void> {
  const n = templates.toLocaleString('en-US');
  await expect(page.getByText(`${n} of ${n} templates in ${subscriptions} subscriptions`)).toBeVisible({
    timeout: 60_000,
  });
  // Every subscription is in the filter.
  await expect(page.getByRole('combobox', { name: 'Subscription' }).locator('option')).toHaveCount(
    subscriptions + 1,
  );
}

test('the templates list at 300 subscriptions is whole and counted, in at most 10 ARM requests', async ({
  page,
  localAzure,
}) => {
  const owner = seeded.templatesVisibleTo[USERS.owner] ?? 0;
  expect(owner).toBeGreaterThanOrEqual(6000);
  const wire = armRequests(page, localAzure.arm);
  await signIn(page, USERS.owner, '/');
  await expectWholeList(page, owner, SUBSCRIPTIONS);
  // Subscriptions: ARM's first page, then the rest from Resource Graph; then Resource Graph's pages of
  // 1,000 templates — not a list call per subscription.
  expect(wire.listing.length, wire.listing.join('\n')).toBeLessThanOrEqual(10);
  expect(wire.listing.filter((u) => u.startsWith('GET ')).length).toBe(1);
  expect(wire.other, wire.other.join('\n')).toEqual([]);
  // The refreshed rows are the running ones (the estate's templates stuck in Canceling).
  await expect(page.getByText('Azure Resource Graph did not answer')).toHaveCount(0);
  expect(new Set(wire.refreshes).size).toBeLessThanOrEqual(2);
  // The last seeded template is in (Resource Graph's last page).
  await page.getByLabel('Search').fill('tpl-05999');
  await expect(page.getByRole('link', { name: 'tpl-05999', exact: true })).toBeVisible();
});

test('a Reader’s list at estate scale counts only what they may read', async ({ page }) => {
  const reader = seeded.templatesVisibleTo[USERS.reader] ?? 0;
  expect(reader).toBeGreaterThan(0);
  expect(reader).toBeLessThan(seeded.templatesVisibleTo[USERS.owner] ?? 0);
  await signIn(page, USERS.reader, '/');
  // Rey reads every third estate subscription and Contoso Prod.
  await expectWholeList(page, reader, seeded.readerSubscriptions + 1);
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

test('a set of subscriptions lives in the URL and scopes the estate', async ({ page }) => {
  await signIn(page, USERS.owner, '/estate?kind=orphaned-staging-group');
  await expect(page.getByRole('heading', { name: `Leftovers (${ORPHANS})` })).toBeVisible({
    timeout: 60_000,
  });
  // The seed plants an orphan in every 25th subscription: Estate 000 and Estate 025 hold one each.
  await page
    .getByRole('listbox', { name: 'Subscriptions' })
    .selectOption([{ label: 'Estate 000' }, { label: 'Estate 025' }]);
  await expect(page).toHaveURL(/[?&]subscriptions=[0-9a-f-]{36}(%2C|,)[0-9a-f-]{36}/);
  await expect(page.getByRole('heading', { name: 'Leftovers (2)' })).toBeVisible({ timeout: 60_000 });
  // The same view from the URL alone (a reload, a link sent to a colleague).
  await page.reload();
  await expect(page.getByRole('heading', { name: 'Leftovers (2)' })).toBeVisible({ timeout: 60_000 });
  await expect(page.getByRole('combobox', { name: 'Leftover' })).toHaveValue('orphaned-staging-group');
  const list = page.getByRole('list', { name: 'Leftovers' });
  await expect(list.getByText('Estate 000')).toHaveCount(1);
  await expect(list.getByText('Estate 025')).toHaveCount(1);
});
