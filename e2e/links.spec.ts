// Links in Resource Manager's answers (docs/reliability.md, "Links from ARM"): a list page whose
// nextLink leads back into the same list, or to another host. Local Azure rewrites the nextLink of its
// real answer (a fault rule with `after`); Kiln must stop paging with a clear error. (A nextLink to
// another host is refused the same way before anything is sent: lib/azure/http-client.ts.)
import { test, expect, signIn, USERS, SUBSCRIPTIONS } from './fixtures';
import { perMinute, watchRequests } from './faults';

const DEV_LIST = `^/subscriptions/${SUBSCRIPTIONS.dev.id}/providers/Microsoft.VirtualMachineImages/imageTemplates$`;
const DEV_LIST_URL = new RegExp(
  `/subscriptions/${SUBSCRIPTIONS.dev.id}/providers/Microsoft\\.VirtualMachineImages/imageTemplates\\?`,
  'i',
);

/** Local Azure's page size unless configured (emulator/src/config.ts). */
const DEFAULT_PAGE_SIZE = 100;

test.beforeEach(async ({ localAzure }) => {
  await localAzure.reset();
});
test.afterEach(async ({ localAzure }) => {
  await localAzure.clearFaults();
});

test('a nextLink back to the page itself: the list stops with a clear error, one request, no retries', async ({
  page,
  localAzure,
}) => {
  await localAzure.faults([{ method: 'GET', path: DEV_LIST, after: true, nextLink: 'self' }]);
  const calls = watchRequests(page, 'GET', DEV_LIST_URL);
  const t0 = Date.now();
  await signIn(page, USERS.owner);
  const problems = page.getByRole('list', { name: 'Subscriptions with problems' });
  await expect(problems).toContainText('Contoso Dev');
  await expect(problems).toContainText('NextLinkLoop');
  await expect(problems).toContainText('leads back to a page of this list already read');
  // The other subscription's rows are there.
  await expect(
    page.getByRole('table', { name: 'Image templates' }).getByRole('link', { name: 'win2022-iis-prod' }),
  ).toBeVisible();
  // Not paged for ever, and not read again by itself (asking again would loop again).
  await page.waitForTimeout(Math.max(0, 12_000 - (Date.now() - t0)));
  expect(calls).toHaveLength(1);
  expect(perMinute(calls, t0)).toBeLessThan(10);
});

test('a nextLink from page 2 back to page 1 (small pages): stopped at the loop, nothing shown twice', async ({
  page,
  localAzure,
}) => {
  await localAzure.configure({ pageSize: 2 });
  try {
    // Page 2 (the one asked with a skip token) links back to page 1 (api-version aside, the same page).
    const first = `${localAzure.arm}/subscriptions/${SUBSCRIPTIONS.dev.id}/providers/Microsoft.VirtualMachineImages/imageTemplates?api-version=2099-01-01`;
    await localAzure.faults([
      { method: 'GET', path: `${DEV_LIST.slice(0, -1)}\\?.*skipToken`, after: true, nextLink: first },
    ]);
    const calls = watchRequests(page, 'GET', DEV_LIST_URL);
    await signIn(page, USERS.owner);
    const problems = page.getByRole('list', { name: 'Subscriptions with problems' });
    await expect(problems).toContainText('NextLinkLoop');
    await page.waitForTimeout(5_000);
    // Page 1 and page 2, then the loop was seen: two requests.
    expect(calls).toHaveLength(2);
  } finally {
    await localAzure.configure({ pageSize: DEFAULT_PAGE_SIZE });
  }
});
