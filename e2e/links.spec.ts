// Links in Resource Manager's answers (docs/reliability.md, "Links from ARM"): a list page whose
// nextLink leads back into the same list, or to another host. Local Azure rewrites the nextLink of its
// real answer (a fault rule with `after`); Kiln must stop paging with a clear error and send nothing —
// above all not the user's token — anywhere but Resource Manager, from the browser or from its server.
import { createServer, type Server } from 'node:https';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test, expect, signIn, USERS, SUBSCRIPTIONS, templateId, templatePath } from './fixtures';
import { perMinute, watchRequests } from './faults';
import { freePort, ROOT } from './servers';

const DEV_LIST = `^/subscriptions/${SUBSCRIPTIONS.dev.id}/providers/Microsoft.VirtualMachineImages/imageTemplates$`;
const DEV_LIST_URL = new RegExp(
  `/subscriptions/${SUBSCRIPTIONS.dev.id}/providers/Microsoft\\.VirtualMachineImages/imageTemplates\\?`,
  'i',
);

/** Local Azure's page size unless configured (emulator/src/config.ts). */
const DEFAULT_PAGE_SIZE = 100;

/** An HTTPS server on loopback (local Azure's certificate) that counts whatever reaches it. */
async function elsewhere(): Promise<{
  origin: string;
  hits: { method: string; auth: boolean }[];
  server: Server;
}> {
  const dir = process.env.KILN_LOCAL_DIR ?? join(ROOT, '.local-azure');
  const hits: { method: string; auth: boolean }[] = [];
  const server = createServer(
    { cert: readFileSync(join(dir, 'localhost.pem')), key: readFileSync(join(dir, 'localhost-key.pem')) },
    (req, res) => {
      hits.push({ method: req.method ?? '', auth: Boolean(req.headers.authorization) });
      // Answer as a willing accomplice would: any origin, any header, a page of nothing.
      res.setHeader('access-control-allow-origin', req.headers.origin ?? '*');
      res.setHeader('access-control-allow-headers', '*');
      res.setHeader('content-type', 'application/json');
      res.end('{"value":[]}');
    },
  );
  const port = await freePort();
  await new Promise<void>((ok) => server.listen(port, '127.0.0.1', ok));
  return { origin: `https://127.0.0.1:${port}`, hits, server };
}

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

test('a nextLink to another host: refused in the browser and on Kiln’s server, nothing reaches that host', async ({
  page,
  localAzure,
}) => {
  const spy = await elsewhere();
  try {
    const steal = `${spy.origin}/subscriptions/${SUBSCRIPTIONS.dev.id}/providers/Microsoft.VirtualMachineImages/imageTemplates?page=2`;
    await localAzure.faults([
      // The template list, read by the browser.
      { method: 'GET', path: DEV_LIST, after: true, nextLink: steal },
      // A staging resource group's resources, read by the browser (topology) and by Kiln's server
      // (the build log and the runs look for the group's storage account).
      { method: 'GET', path: '/resourceGroups/IT_[^/]+/resources$', after: true, nextLink: steal },
    ]);
    await signIn(page, USERS.owner);
    const problems = page.getByRole('list', { name: 'Subscriptions with problems' });
    await expect(problems).toContainText('ForeignHostRefused');
    await expect(problems).toContainText(`Kiln did not send a request to ${spy.origin}`);

    // A template with past runs: its page reads the staging group in the browser and on the server.
    const id = templateId('dev', 'rg-images', 'ubuntu2204-base');
    await page.goto(`${templatePath(id)}?section=runs`);
    await expect(page.getByRole('heading', { name: 'ubuntu2204-base', level: 1 })).toBeVisible();
    await page.locator('#runs').scrollIntoViewIfNeeded();
    // The server's read of the staging group (for the runs' logs) was refused too, and the Runs
    // section says why.
    await expect(
      page.getByText(`Without the build logs (Kiln did not send a request to ${spy.origin}`),
    ).toBeVisible({
      timeout: 30_000,
    });
    await page.getByRole('tab', { name: 'Topology and log' }).click();
    await page.getByRole('heading', { name: 'Build log' }).scrollIntoViewIfNeeded();
    await page.waitForTimeout(3_000);
    expect(spy.hits, 'requests that reached the other host').toEqual([]);
  } finally {
    spy.server.close();
  }
});
