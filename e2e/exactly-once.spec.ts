// Exactly once (docs/reliability.md): Start build, Cancel build and the network PATCH when the
// connection drops AFTER local Azure carried the request out (a fault rule with `after`: the build
// started, the template changed, only the answer is lost). Kiln must not resend, must read the state
// before saying anything or offering a retry, and must tell the user what happened. Local Azure's
// Activity Log (read as the automation principal) counts what ARM actually did.
import { test, expect, signIn, USERS, SUBSCRIPTIONS, templateId, templatePath } from './fixtures';
import { heldBuild, watchRequests } from './faults';
import { automationArm } from './servers';

interface ActivityEvent {
  operationName?: { value?: string };
  status?: { value?: string };
}

interface Template {
  properties: {
    vmProfile?: { vnetConfig?: { subnetId?: string; containerInstanceSubnetId?: string } };
    lastRunStatus?: { runState?: string };
  };
}

/** What ARM's Activity Log says happened to `resourceId` since `from`: sorted `<operation> <status>` lines. */
/**
 * How many `operation` requests ARM carried out: each request it received logs Started, and one it
 * refused logs Failed (the 409 to a copy Chromium resent on its own after the connection dropped).
 */
function carriedOut(did: string[], operation: string): number {
  const n = (status: string) => did.filter((d) => d === `${operation} ${status}`).length;
  return n('Started') - n('Failed');
}

async function armDid(resourceId: string, from: Date): Promise<string[]> {
  const arm = await automationArm();
  const filter = `eventTimestamp ge '${from.toISOString()}' and eventTimestamp le '${new Date(Date.now() + 60_000).toISOString()}' and resourceUri eq '${resourceId}'`;
  const r = await arm.get<{ value: ActivityEvent[] }>(
    `/subscriptions/${SUBSCRIPTIONS.dev.id}/providers/Microsoft.Insights/eventtypes/management/values?$filter=${encodeURIComponent(filter)}`,
    '2015-04-01',
  );
  // …/imageTemplates/run/action → run, …/imageTemplates/write → write
  const op = (name: string) =>
    name
      .replace(/\/action$/i, '')
      .split('/')
      .pop() ?? '';
  return r.value.map((e) => `${op(e.operationName?.value ?? '')} ${e.status?.value ?? ''}`).sort();
}

test.beforeEach(async ({ localAzure }) => {
  await localAzure.reset();
});
test.afterEach(async ({ localAzure }) => {
  await localAzure.clearFaults();
  await localAzure.releaseHolds();
});

test('Start build whose answer is lost after ARM started it: one run, and the page says it started', async ({
  page,
  localAzure,
}, testInfo) => {
  const id = templateId('dev', 'rg-images', 'win2022-vhd');
  await localAzure.hold(id, 'Building');
  await signIn(page, USERS.owner, templatePath(id));
  await expect(page.getByTestId('run-outcome')).toHaveText('Never built');
  await localAzure.faults([
    { method: 'POST', path: '/imageTemplates/win2022-vhd/run$', after: true, drop: true, count: 1 },
  ]);
  const runs = watchRequests(page, 'POST', /\/imageTemplates\/win2022-vhd\/run\?/i);
  const from = new Date(Date.now() - 1000);
  await page.getByTestId('start-build').click();
  // Either the lost answer is noticed, or (Chromium resends a request whose reused connection closed
  // unanswered, below the page) ARM refuses the copy with 409: both end in the state read back.
  const outcome = page.getByTestId('start-outcome');
  await expect(outcome).toContainText(
    /The build started: Resource Manager’s answer was lost|already running; showing its progress/,
    { timeout: 30_000 },
  );
  await expect(page.getByTestId('run-outcome')).not.toHaveText('Never built');
  await expect(page.getByTestId('start-build')).toBeDisabled();
  // Kiln sent one run, and ARM started one build.
  expect(runs).toHaveLength(1);
  const did = await armDid(id, from);
  testInfo.annotations.push({ type: 'activity', description: did.join(', ') });
  expect(carriedOut(did, 'run'), did.join(', ')).toBe(1);
});

test('Cancel build whose answer is lost after ARM took it: one cancel, and the page says it is canceling', async ({
  page,
  localAzure,
}, testInfo) => {
  const id = templateId('dev', 'rg-images', 'ubuntu2204-base');
  await heldBuild(page, localAzure, id);
  await localAzure.faults([
    { method: 'POST', path: '/imageTemplates/ubuntu2204-base/cancel$', after: true, drop: true, count: 1 },
  ]);
  const cancels = watchRequests(page, 'POST', /\/imageTemplates\/ubuntu2204-base\/cancel\?/i);
  const from = new Date(Date.now() - 1000);
  await page.getByRole('button', { name: 'Cancel build' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Cancel build' }).click();
  const outcome = page.getByTestId('cancel-outcome');
  await expect(outcome).toContainText('The build is being canceled: Kiln read the template again', {
    timeout: 30_000,
  });
  expect(cancels).toHaveLength(1);
  const did = await armDid(id, from);
  testInfo.annotations.push({ type: 'activity', description: did.join(', ') });
  expect(carriedOut(did, 'cancel'), did.join(', ')).toBe(1);
});

test('the network PATCH whose answer is lost after ARM applied it: one PATCH, then the build, told so', async ({
  page,
  localAzure,
}, testInfo) => {
  const id = templateId('dev', 'rg-images', 'ubuntu-private-subnet');
  await signIn(page, USERS.owner, `${templatePath(id)}?section=network`);
  const section = page.locator('#build-network');
  await expect(section.getByText('Current layout: 3. Your subnets (build + container instance)')).toBeVisible(
    {
      timeout: 30_000,
    },
  );
  await localAzure.faults([
    { method: 'PATCH', path: '/imageTemplates/ubuntu-private-subnet$', after: true, drop: true, count: 1 },
  ]);
  const patches = watchRequests(page, 'PATCH', /\/imageTemplates\/ubuntu-private-subnet\?/i);
  const from = new Date(Date.now() - 1000);
  await section.getByRole('button', { name: 'Change network…' }).click();
  await section.getByRole('radio', { name: '1. Image Builder network' }).check();
  await section.getByRole('button', { name: 'Apply and build…' }).click();
  const applyDialog = page.getByRole('dialog', { name: 'Apply the network and build' });
  await applyDialog.getByRole('button', { name: 'Apply and build' }).click();
  // Kiln read the template back, found the new network on it, and went on to build.
  await expect(applyDialog).toBeHidden({ timeout: 60_000 });
  await expect(section.getByText('Current layout: 1. Image Builder network')).toBeVisible({
    timeout: 30_000,
  });
  expect(patches).toHaveLength(1);
  const arm = await automationArm();
  const t = await arm.get<Template>(id, '2024-02-01');
  expect(t.properties.vmProfile?.vnetConfig?.subnetId ?? '').toBe('');
  testInfo.annotations.push({ type: 'activity', description: (await armDid(id, from)).join(', ') });
  await expect
    .poll(async () => carriedOut(await armDid(id, from), 'run'), {
      timeout: 30_000,
    })
    .toBe(1);
});

test('a network fix whose answer is lost after ARM made the change: one PUT, then the check read again shows it done', async ({
  page,
  localAzure,
}, testInfo) => {
  // The template's build subnet has Private Link service network policies Enabled; the fix is a PUT of
  // the subnet with them Disabled.
  const id = templateId('dev', 'rg-images', 'ubuntu-pls-policies');
  await signIn(page, USERS.owner, `${templatePath(id)}?section=network`);
  const failing = page.locator('#build-network-current-check-private-link-policies');
  await expect(failing).toContainText('Fail', { timeout: 30_000 });
  await localAzure.faults([{ method: 'PUT', path: '/subnets/[^/]+$', after: true, drop: true, count: 1 }]);
  const puts = watchRequests(page, 'PUT', /\/virtualNetworks\/[^/]+\/subnets\/[^/?]+\?/i);
  const from = new Date(Date.now() - 1000);
  await failing.getByRole('button', { name: /^Fix: Disable Private Link service network policies/ }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByRole('button', { name: 'Make this change' }).click();
  // The answer never came; Kiln read the subnet again, and the check now passes on ARM's state.
  await expect(failing).toContainText('Pass', { timeout: 60_000 });
  await expect(failing.getByRole('button', { name: /^Fix:/ })).toHaveCount(0);
  expect(puts).toHaveLength(1);
  const subnetId = `/subscriptions/${SUBSCRIPTIONS.dev.id}/resourceGroups/rg-networking/providers/Microsoft.Network/virtualNetworks/vnet-aib/subnets/snet-pls-enabled`;
  const did = await armDid(subnetId, from);
  testInfo.annotations.push({ type: 'activity', description: did.join(', ') });
  const arm = await automationArm();
  const subnet = await arm.get<{ properties: { privateLinkServiceNetworkPolicies?: string } }>(
    subnetId,
    '2024-05-01',
  );
  expect(subnet.properties.privateLinkServiceNetworkPolicies).toBe('Disabled');
  await localAzure.clearFaults();
});
