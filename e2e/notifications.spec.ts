// "Notify me when builds end": the activity log alert and its action group created from Kiln with the
// user's permissions (each request sent once), a mail in local Azure's mailbox when a build ends, the
// notification listed and removed; a Reader is told which role to ask for.
import type { Page } from '@playwright/test';
import { test, expect, signIn, USERS, templateId, templatePath } from './fixtures';
import { httpsJson } from './servers';

test.beforeEach(async ({ localAzure }) => {
  await localAzure.reset();
  await httpsJson('DELETE', `${localAzure.arm}/_local/mailbox`);
});

/** Counts the page's writes to Microsoft.Insights (PUT/DELETE of action groups and alerts). */
function countInsightsWrites(page: Page): () => Record<string, number> {
  const n: Record<string, number> = {};
  page.on('request', (r) => {
    const m = /\/providers\/microsoft\.insights\/(actionGroups|activityLogAlerts)\/[^/?]+\?/i.exec(r.url());
    if (m && r.method() !== 'GET' && r.method() !== 'OPTIONS') {
      const key = `${r.method()} ${m[1] ?? ''}`;
      n[key] = (n[key] ?? 0) + 1;
    }
  });
  return () => ({ ...n });
}

interface Mail {
  to: string;
  subject: string;
  body: string;
  correlationId: string;
}

test('an owner creates the notification, a mail arrives when the build ends, and removes it', async ({
  page,
  localAzure,
}, testInfo) => {
  const id = templateId('dev', 'rg-images', 'ubuntu2204-base');
  const writes = countInsightsWrites(page);
  await signIn(page, USERS.owner, `${templatePath(id)}?section=runs`);
  const notify = page.getByRole('region', { name: 'Notify me when builds end' });
  await expect(notify).toContainText('No one is notified about this template’s builds.');
  await expect(notify.getByLabel('E-mail address')).toHaveValue(USERS.owner);
  const button = notify.getByRole('button', { name: 'Notify me when builds end' });
  await button.dblclick();
  const list = notify.getByRole('list', { name: 'Build notifications' });
  await expect(list).toContainText(`E-mails ${USERS.owner} when a build ends`);
  await expect(notify).toContainText(`${USERS.owner} is already notified.`);
  await expect(button).toBeDisabled();
  expect(writes()).toEqual({ 'PUT actionGroups': 1, 'PUT activityLogAlerts': 1 });
  await notify.screenshot({ path: testInfo.outputPath('notifications.png') });

  const mailbox = async () =>
    ((await httpsJson('GET', `${localAzure.arm}/_local/mailbox`)).json as { messages: Mail[] }).messages;

  // A build of the template ends: local Azure's Activity Log event fires the alert, the mail says how.
  await localAzure.time(2000);
  await page.getByTestId('start-build').click();
  await expect(page.getByTestId('run-outcome')).toHaveText('Succeeded', { timeout: 60_000 });
  await expect.poll(mailbox, { timeout: 15_000 }).toHaveLength(1);
  const [mail] = await mailbox();
  expect(mail?.to).toBe(USERS.owner);
  expect(mail?.subject).toContain('run/action Succeeded on ubuntu2204-base');
  expect(mail?.body).toContain(`Caller:      ${USERS.owner}`);

  // Remove: both resources go, once each, and the list says so.
  await list.getByRole('button', { name: `Remove the notification to ${USERS.owner}` }).click();
  await expect(notify).toContainText('No one is notified about this template’s builds.');
  expect(writes()).toEqual({
    'PUT actionGroups': 1,
    'PUT activityLogAlerts': 1,
    'DELETE activityLogAlerts': 1,
    'DELETE actionGroups': 1,
  });
});

test('a Reader is told which role to ask for and cannot create one', async ({ page }) => {
  const id = templateId('prod', 'rg-images-prod', 'win2022-iis-prod');
  await signIn(page, USERS.reader, `${templatePath(id)}?section=runs`);
  const notify = page.getByRole('region', { name: 'Notify me when builds end' });
  await expect(notify).toContainText('You cannot create notifications here.');
  await expect(notify).toContainText('Monitoring Contributor role on rg-images-prod');
  await expect(notify.getByRole('button', { name: 'Notify me when builds end' })).toHaveCount(0);
});
