// Issue 5: choosing where a build runs. A layout-1 template moves to layout 3 on an undelegated subnet:
// the delegation check fails, Kiln fixes it, "Apply and build" changes the template and starts the
// build, and local Azure then shows no AIB-made network in the staging group and the container group in
// the chosen subnet. A layout-2 choice on a subnet with Private Link policies enabled is caught before
// any build. Everything is read back from local Azure over ARM (automation principal), not from the UI.
import type { Page } from '@playwright/test';
import { expect, signIn, SUBSCRIPTIONS, templateId, templatePath, test, USERS } from './fixtures';
import { automationArm } from './servers';

const DEV = SUBSCRIPTIONS.dev.id;
const NET_RG = `/subscriptions/${DEV}/resourceGroups/rg-networking`;
const VNET = `${NET_RG}/providers/Microsoft.Network/virtualNetworks/vnet-aib`;
const subnet = (name: string) => `${VNET}/subnets/${name}`;

interface Template {
  properties: {
    exactStagingResourceGroup?: string;
    vmProfile?: {
      vnetConfig?: { subnetId?: string; containerInstanceSubnetId?: string; proxyVmSize?: string };
    };
    lastRunStatus?: { runState?: string; runSubState?: string };
  };
}
interface GenericResource {
  id: string;
  type: string;
}

function check(page: Page, prefix: string, id: string) {
  return page.locator(`#${prefix}-check-${id}`);
}

test.describe('Build network', () => {
  test.beforeEach(async ({ localAzure }) => {
    await localAzure.reset();
    await localAzure.time(60);
  });
  test.afterEach(async ({ localAzure }) => {
    await localAzure.releaseHolds();
    await localAzure.clearFaults();
    // Leave local Azure's clock as other specs expect it (the default time scale).
    await localAzure.time(12);
  });

  async function chooseLayout3(page: Page, aciSubnet: string) {
    const section = page.locator('#build-network');
    await section.getByRole('button', { name: 'Change network…' }).click();
    await section.getByRole('radio', { name: '3. Your subnets (build + container instance)' }).check();
    await section.getByRole('combobox', { name: 'Virtual network' }).selectOption(VNET);
    await section.getByRole('combobox', { name: 'Build subnet' }).selectOption(subnet('snet-build'));
    await section
      .getByRole('combobox', { name: 'Container instance subnet' })
      .selectOption(subnet(aciSubnet));
    return section;
  }

  test('layout 1 → layout 3 on an undelegated subnet: fix the delegation, apply and build', async ({
    page,
    localAzure,
  }) => {
    test.setTimeout(180_000);
    const id = templateId('dev', 'rg-images-team', 'team-ubuntu-move-to-l3');
    await signIn(page, USERS.owner, `${templatePath(id)}?section=network`);
    const section = page.locator('#build-network');
    await expect(section.getByText('Current layout: 1. Image Builder network')).toBeVisible({
      timeout: 30_000,
    });

    await section.getByRole('button', { name: 'Change network…' }).click();
    // The current layout is preselected.
    await expect(section.getByRole('radio', { name: '1. Image Builder network' })).toBeChecked();
    await section.getByRole('radio', { name: '3. Your subnets (build + container instance)' }).check();
    await section.getByRole('combobox', { name: 'Virtual network' }).selectOption(VNET);
    await section.getByRole('combobox', { name: 'Build subnet' }).selectOption(subnet('snet-build'));
    const aciPicker = section.getByRole('combobox', { name: 'Container instance subnet' });
    // Only other subnets of the same VNet, delegated ones marked.
    await expect(aciPicker.locator('option', { hasText: 'snet-build (' })).toHaveCount(0);
    await expect(aciPicker.locator('option', { hasText: 'snet-aci (' })).toContainText(
      'delegated to container instances',
    );
    await expect(aciPicker.locator('option', { hasText: 'snet-aci-undelegated' })).toContainText(
      'not delegated',
    );
    await aciPicker.selectOption(subnet('snet-aci-undelegated'));

    const delegation = check(page, 'build-network-choice', 'aci-delegation');
    await expect(delegation).toContainText('Fail');
    await expect(delegation).toContainText('not delegated to Microsoft.ContainerInstance/containerGroups');

    // Fix it from Kiln: the exact ARM change is shown first.
    await delegation.getByRole('button', { name: /^Fix: Delegate subnet snet-aci-undelegated/ }).click();
    const fixDialog = page.getByRole('dialog', { name: /Delegate subnet snet-aci-undelegated/ });
    await expect(fixDialog).toContainText(`PUT ${subnet('snet-aci-undelegated')}?api-version=`);
    await expect(fixDialog).toContainText('"serviceName": "Microsoft.ContainerInstance/containerGroups"');
    await expect(fixDialog).toContainText('"addressPrefix": "10.10.3.0/24"');
    await fixDialog.getByRole('button', { name: 'Make this change' }).click();
    await expect(fixDialog).toBeHidden({ timeout: 30_000 });
    // The checks re-run on fresh reads.
    await expect(delegation).toContainText('Pass', { timeout: 30_000 });
    await expect(delegation).toContainText('is delegated to Microsoft.ContainerInstance/containerGroups');
    const arm = await automationArm();
    const fixed = await arm.get<{ properties: { delegations?: { properties: { serviceName: string } }[] } }>(
      subnet('snet-aci-undelegated'),
      '2024-05-01',
    );
    expect(fixed.properties.delegations?.map((d) => d.properties.serviceName)).toEqual([
      'Microsoft.ContainerInstance/containerGroups',
    ]);

    // Keep the build in Customizing so the staging group can be inspected while it runs.
    await localAzure.hold(id, 'Customizing');

    await section.getByRole('button', { name: 'Apply and build…' }).click();
    const applyDialog = page.getByRole('dialog', { name: 'Apply the network and build' });
    await expect(applyDialog).toContainText('every future build of this template');
    await expect(applyDialog).toContainText('(no vnetConfig)');
    await expect(applyDialog).toContainText(
      `"containerInstanceSubnetId": "${subnet('snet-aci-undelegated')}"`,
    );
    await applyDialog.getByRole('button', { name: 'Apply and build' }).click();
    await expect(applyDialog).toBeHidden({ timeout: 60_000 });
    await expect(
      section.getByText('Current layout: 3. Your subnets (build + container instance)'),
    ).toBeVisible({
      timeout: 30_000,
    });

    // The template changed, and the build runs with the container instance in the chosen subnet.
    let t = await arm.get<Template>(id, '2024-02-01');
    expect(t.properties.vmProfile?.vnetConfig).toMatchObject({
      subnetId: subnet('snet-build'),
      containerInstanceSubnetId: subnet('snet-aci-undelegated'),
    });
    await expect
      .poll(async () => (await arm.get<Template>(id, '2024-02-01')).properties.lastRunStatus?.runSubState, {
        timeout: 60_000,
      })
      .toBe('Customizing');
    t = await arm.get<Template>(id, '2024-02-01');
    const staging = t.properties.exactStagingResourceGroup ?? '';
    expect(staging).not.toBe('');
    const resources = (await arm.get<{ value: GenericResource[] }>(`${staging}/resources`, '2021-04-01'))
      .value;
    const types = resources.map((r) => r.type.toLowerCase());
    expect(types).not.toContain('microsoft.network/virtualnetworks');
    expect(types).not.toContain('microsoft.network/networksecuritygroups');
    const group = resources.find(
      (r) => r.type.toLowerCase() === 'microsoft.containerinstance/containergroups',
    );
    expect(group, `container group in ${staging}: ${types.join(', ')}`).toBeDefined();
    const cg = await arm.get<{ properties: { subnetIds?: { id: string }[] } }>(group?.id ?? '', '2023-05-01');
    expect(cg.properties.subnetIds?.map((s) => s.id.toLowerCase())).toEqual([
      subnet('snet-aci-undelegated').toLowerCase(),
    ]);

    await localAzure.releaseHolds();
    await expect
      .poll(async () => (await arm.get<Template>(id, '2024-02-01')).properties.lastRunStatus?.runState, {
        timeout: 90_000,
      })
      .toBe('Succeeded');
  });

  test('a layout-2 choice on a subnet with Private Link policies enabled is caught before the build', async ({
    page,
  }) => {
    const id = templateId('dev', 'rg-images-team', 'team-ubuntu-move-to-l3');
    await signIn(page, USERS.owner, `${templatePath(id)}?section=network`);
    const section = page.locator('#build-network');
    await section.getByRole('button', { name: 'Change network…' }).click();
    await section.getByRole('radio', { name: '2. Your subnet + Private Link proxy' }).check();
    await section.getByRole('combobox', { name: 'Virtual network' }).selectOption(VNET);
    await section.getByRole('combobox', { name: 'Build subnet' }).selectOption(subnet('snet-pls-enabled'));
    const policies = check(page, 'build-network-choice', 'private-link-policies');
    await expect(policies).toContainText('Fail');
    await expect(policies).toContainText('Private Link service network policies Enabled');
    await expect(
      policies.getByRole('button', { name: /^Fix: Disable Private Link service network policies/ }),
    ).toBeVisible();
    // Apply and build says so before anything changes.
    await section.getByRole('button', { name: 'Apply and build…' }).click();
    const applyDialog = page.getByRole('dialog', { name: 'Apply the network and build' });
    await expect(applyDialog).toContainText('Private Link service network policies disabled');
    await expect(applyDialog).toContainText('the build will probably fail');
    await applyDialog.getByRole('button', { name: 'Cancel' }).click();
    const arm = await automationArm();
    const t = await arm.get<Template>(id, '2024-02-01');
    expect(t.properties.vmProfile?.vnetConfig?.subnetId).toBeFalsy();
  });

  test('a template already on that subnet carries a warning badge that opens the failing check', async ({
    page,
  }) => {
    const id = templateId('dev', 'rg-images', 'ubuntu-pls-policies');
    await signIn(page, USERS.owner, templatePath(id));
    const badge = page.getByRole('link', { name: /network check.*failing/ });
    await expect(badge).toBeVisible({ timeout: 30_000 });
    await badge.click();
    const failing = check(page, 'build-network-current', 'private-link-policies');
    await expect(failing).toBeFocused();
    await expect(failing).toContainText('Fail');
    // Start build still works in one click.
    await expect(page.getByRole('button', { name: 'Start build', exact: true }).first()).toBeEnabled();
  });

  test('a user who may read but not change the network is told what to ask an administrator for', async ({
    page,
  }) => {
    // An administrator (the automation principal, Owner) gives Rey — Reader of Contoso Prod only —
    // Reader on the Dev template's group and on the networking group, with real role assignments.
    const arm = await automationArm();
    const reader = `/subscriptions/${DEV}/providers/Microsoft.Authorization/roleDefinitions/acdd72a7-3385-48ef-bd42-f606fba81ae7`;
    const rey = 'a1b2c3d4-0002-4a00-8000-00000000a002';
    for (const [scope, guid] of [
      [`/subscriptions/${DEV}/resourceGroups/rg-images`, '5e0b3d52-7a41-4c9e-9d1f-3b2a6c8e0f11'],
      [NET_RG, '5e0b3d52-7a41-4c9e-9d1f-3b2a6c8e0f12'],
    ] as const) {
      await arm.put(`${scope}/providers/Microsoft.Authorization/roleAssignments/${guid}`, '2022-04-01', {
        properties: { roleDefinitionId: reader, principalId: rey, principalType: 'User' },
      });
    }
    const id = templateId('dev', 'rg-images', 'ubuntu-pls-policies');
    await signIn(page, USERS.reader, `${templatePath(id)}?section=network`);
    const failing = check(page, 'build-network-current', 'private-link-policies');
    await expect(failing).toContainText('Fail', { timeout: 30_000 });
    await expect(failing).toContainText('You may not make this change. Ask an administrator for:');
    await expect(failing).toContainText('Microsoft.Network/virtualNetworks/subnets/write');
    // The change itself can still be looked at (to hand to the administrator), but not made.
    await failing
      .getByRole('button', { name: /^Fix: Disable Private Link service network policies/ })
      .click();
    const dialog = page.getByRole('dialog');
    await expect(dialog).toContainText('privateLinkServiceNetworkPolicies');
    await expect(dialog.getByRole('button', { name: 'Make this change' })).toBeDisabled();
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    // Reader cannot start the build either, and is told why.
    await expect(page.getByTestId('start-build')).toBeDisabled();
  });

  test('when the template update fails, nothing is started and ARM’s error is shown', async ({
    page,
    localAzure,
  }) => {
    const id = templateId('dev', 'rg-images-team', 'team-ubuntu-move-to-l3');
    await signIn(page, USERS.owner, `${templatePath(id)}?section=network`);
    const section = await chooseLayout3(page, 'snet-aci');
    await expect(section.getByText('All checks pass.')).toHaveCount(2, { timeout: 30_000 });
    await localAzure.faults([
      {
        method: 'PATCH',
        path: '/imageTemplates/team-ubuntu-move-to-l3',
        status: 409,
        code: 'Conflict',
        message: 'Simulated conflict: the template is being changed by someone else.',
      },
    ]);
    await section.getByRole('button', { name: 'Apply and build…' }).click();
    const applyDialog = page.getByRole('dialog', { name: 'Apply the network and build' });
    await applyDialog.getByRole('button', { name: 'Apply and build' }).click();
    const alert = applyDialog.getByRole('alert');
    await expect(alert).toContainText('The template was not updated and no build was started.');
    await expect(alert).toContainText('Conflict');
    await expect(alert).toContainText('Simulated conflict: the template is being changed by someone else.');
    const arm = await automationArm();
    const t = await arm.get<Template>(id, '2024-02-01');
    expect(t.properties.vmProfile?.vnetConfig?.subnetId).toBeFalsy();
    expect(t.properties.lastRunStatus?.runState).not.toBe('Running');
  });

  test('a building template cannot be changed, and the control says why', async ({ page, localAzure }) => {
    const id = templateId('dev', 'rg-images-team', 'team-ubuntu-move-to-l3');
    await localAzure.hold(id, 'Building');
    await signIn(page, USERS.owner, `${templatePath(id)}?section=network`);
    await page.getByRole('button', { name: 'Start build', exact: true }).first().click();
    const section = page.locator('#build-network');
    await expect(section.getByText(/A build is running/).first()).toBeVisible({ timeout: 30_000 });
    await chooseLayout3(page, 'snet-aci');
    await expect(section.getByRole('button', { name: 'Apply and build…' })).toBeDisabled();
    await expect(
      section.getByText('The network cannot be changed now: A build is running', { exact: false }),
    ).toBeVisible();
  });

  test('layout 3 → layout 1: the template loses its subnets and builds on Image Builder’s network', async ({
    page,
  }) => {
    const id = templateId('dev', 'rg-images', 'ubuntu-private-subnet');
    await signIn(page, USERS.owner, `${templatePath(id)}?section=network`);
    const section = page.locator('#build-network');
    await expect(
      section.getByText('Current layout: 3. Your subnets (build + container instance)'),
    ).toBeVisible({
      timeout: 30_000,
    });
    // The private subnet has no way out: the current network's check says so.
    await expect(check(page, 'build-network-current', 'outbound-build')).toContainText('Fail');
    await section.getByRole('button', { name: 'Change network…' }).click();
    await section.getByRole('radio', { name: '1. Image Builder network' }).check();
    await section.getByRole('button', { name: 'Apply and build…' }).click();
    const applyDialog = page.getByRole('dialog', { name: 'Apply the network and build' });
    await expect(applyDialog).toContainText(`"subnetId": "${subnet('snet-private')}"`);
    await applyDialog.getByRole('button', { name: 'Apply and build' }).click();
    await expect(applyDialog).toBeHidden({ timeout: 60_000 });
    await expect(section.getByText('Current layout: 1. Image Builder network')).toBeVisible({
      timeout: 30_000,
    });
    const arm = await automationArm();
    const t = await arm.get<Template>(id, '2024-02-01');
    expect(t.properties.vmProfile?.vnetConfig?.subnetId ?? '').toBe('');
    expect(t.properties.vmProfile?.vnetConfig?.containerInstanceSubnetId ?? '').toBe('');
    await expect
      .poll(async () => (await arm.get<Template>(id, '2024-02-01')).properties.lastRunStatus?.runState, {
        timeout: 30_000,
      })
      .toMatch(/Running|Succeeded/);
  });
});
