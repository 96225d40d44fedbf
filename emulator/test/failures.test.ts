// Conformance: failures come from the world, with no flag set. Each seeded (or created) template fails
// the way AIB fails, with AIB's code and text (docs/azure/image-builder.md; our documented choices where AIB's text
// was never recorded), through the SDK's run poller and lastRunStatus.
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { ImageBuilderClient, type ImageTemplate } from '@azure/arm-imagebuilder';
import { BlobServiceClient, StorageSharedKeyCredential } from '@azure/storage-blob';
import { staticCredential } from '../testing/tokens.ts';
import { userToken } from '../testing/harness.ts';
import { armSession, templatePath, until, type Rec } from '../testing/session.ts';
import { SUBSCRIPTIONS } from '../src/world/identities.ts';
import { SEED, identityIdOf, subnetIdOf } from '../src/world/seed.ts';
import { UBUNTU_2204, userAssigned } from '../testing/templates.ts';

const info = inject('localAzure');
const DEV: string = SUBSCRIPTIONS.dev.subscriptionId;
let token = '';
let c: ImageBuilderClient;

const { arm, control } = armSession(info, () => token);
const tplPath = (rg: string, name: string): string => templatePath(DEV, rg, name);

/** Runs through the SDK poller; returns the LRO error (code, message) and the template's lastRunStatus. */
async function runAndFail(rg: string, name: string): Promise<{ code: string; message: string; status: Rec }> {
  let err: { message?: string } | undefined;
  try {
    await c.virtualMachineImageTemplates.beginRunAndWait(rg, name, { updateIntervalInMs: 100 });
  } catch (e) {
    err = e as { message?: string };
  }
  expect(err, `${name} should fail`).toBeDefined();
  const t = await arm('GET', tplPath(rg, name));
  const status = (t.body.properties as Rec).lastRunStatus as Rec;
  const parsed = lroError(err);
  return { ...parsed, status };
}

/** core-lro reports a failed operation as `The long-running operation has failed. <code>. <message>`. */
function lroError(err: { message?: string } | undefined): { code: string; message: string } {
  const m = /^The long-running operation has failed\. ([^.\s]+)\. ([\s\S]*)$/.exec(err?.message ?? '');
  return { code: m?.[1] ?? '', message: m?.[2] ?? String(err?.message ?? '') };
}

async function operationError(rg: string, name: string): Promise<Rec> {
  const run = await fetch(`${info.arm}${tplPath(rg, name)}/run?api-version=2025-10-01`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}` },
  });
  expect(run.status).toBe(202);
  const url = run.headers.get('azure-asyncoperation') ?? '';
  const op = await until(
    () => arm('GET', url),
    (x) => x.body.status !== 'InProgress',
  );
  expect(op.body.status).toBe('Failed');
  return op.body.error as Rec;
}

async function logOf(rg: string, name: string): Promise<string> {
  const t = await arm('GET', tplPath(rg, name));
  const staging = String((t.body.properties as Rec).exactStagingResourceGroup);
  const res = await arm('GET', `${staging}/resources`, '2021-04-01');
  const sa = ((res.body.value ?? []) as Array<{ id: string; name: string; type: string }>).find(
    (r) => r.type === 'Microsoft.Storage/storageAccounts',
  );
  const keys = await arm('POST', `${sa?.id ?? ''}/listKeys`, '2023-05-01');
  const key = ((keys.body.keys as Array<{ value: string }>)[0] ?? { value: '' }).value;
  const acct = await arm('GET', sa?.id ?? '', '2023-05-01');
  const svc = new BlobServiceClient(
    String(((acct.body.properties as Rec).primaryEndpoints as Rec).blob),
    new StorageSharedKeyCredential(sa?.name ?? '', key),
  );
  const container = svc.getContainerClient('packerlogs');
  const blobs: Array<{ name: string; at: number }> = [];
  for await (const b of container.listBlobsFlat())
    if (b.name.endsWith('customization.log'))
      blobs.push({ name: b.name, at: b.properties.lastModified?.getTime() ?? 0 });
  blobs.sort((a, b) => a.at - b.at);
  const last = blobs[blobs.length - 1];
  return last ? (await container.getBlobClient(last.name).downloadToBuffer()).toString('utf8') : '';
}

async function stagingTypes(rg: string, name: string): Promise<string[]> {
  const t = await arm('GET', tplPath(rg, name));
  const staging = String((t.body.properties as Rec).exactStagingResourceGroup);
  const res = await arm('GET', `${staging}/resources`, '2021-04-01');
  return ((res.body.value ?? []) as Array<{ type: string }>).map((r) => r.type);
}

function linuxTemplate(props: Partial<ImageTemplate>): ImageTemplate {
  return {
    location: 'eastus',
    identity: userAssigned('basic'),
    source: UBUNTU_2204,
    distribute: [{ type: 'VHD', runOutputName: 'vhd' }],
    ...props,
  } as ImageTemplate;
}

beforeAll(async () => {
  token = (await userToken(info, 'ava')).accessToken;
  c = new ImageBuilderClient(staticCredential(token), DEV, { endpoint: info.arm });
  await control('POST', 'reset');
  await control('POST', 'time', { speed: 5000 });
});

describe('failures from the world', () => {
  it('customizer with an inline `exit 3`: PackerBuildFailed in Customizing, with the log location', async () => {
    const r = await runAndFail(SEED.imagesRg, 'ubuntu-script-fails');
    expect(r.code).toBe('PackerBuildFailed');
    expect(r.message).toMatch(
      /Packer build logs are at location \/subscriptions\/.+\/containers\/packerlogs\/[0-9a-f-]{36}\/customization\.log/,
    );
    expect(r.status).toMatchObject({ runState: 'Failed', runSubState: 'Customizing' });
    expect(String(r.status.message)).toMatch(
      /^Failed while waiting for packerizer: .*Packer build command has failed: exit status 1\..*Image Build log location: https:\/\/.+\/packerlogs\/[0-9a-f-]{36}\/customization\.log\. OperationId: [0-9a-f-]{36}\./,
    );
    const log = await logOf(SEED.imagesRg, 'ubuntu-script-fails');
    expect(log).toContain('(telemetry) Starting provisioner shell');
    expect(log).toContain('Script exited with non-zero exit status: 3. Allowed exit codes are: [0]');
    expect(await stagingTypes(SEED.imagesRg, 'ubuntu-script-fails')).toEqual([
      'Microsoft.Storage/storageAccounts',
    ]);
  });

  it('layout 2, build subnet with Private Link Service network policies enabled', async () => {
    const r = await runAndFail(SEED.imagesRg, 'ubuntu-pls-policies');
    expect(r.code).toBe('PrivateLinkServiceNetworkPoliciesCannotBeEnabledOnPrivateLinkServiceSubnet');
    expect(r.message).toContain(
      `Private link service network policies cannot be enabled on private link service subnet ${subnetIdOf(SEED.subnets.plsEnabled)}.`,
    );
    expect(r.status).toMatchObject({ runState: 'Failed', runSubState: 'Building' });
    expect(await stagingTypes(SEED.imagesRg, 'ubuntu-pls-policies')).toEqual([
      'Microsoft.Storage/storageAccounts',
    ]);
  });

  it('layout 2, no NSG allowance for AzureLoadBalancer on 60000-60001: SSH times out', async () => {
    const r = await runAndFail(SEED.imagesRg, 'ubuntu-lb-denied');
    expect(r.code).toBe('PackerBuildFailed');
    expect(r.status).toMatchObject({ runState: 'Failed', runSubState: 'Building' });
    expect(await logOf(SEED.imagesRg, 'ubuntu-lb-denied')).toContain('Timeout waiting for SSH.');
  });

  it('layout 3, an NSG that blocks 5986 between the subnets: WinRM times out', async () => {
    const r = await runAndFail(SEED.imagesRg, 'win2022-winrm-blocked');
    expect(r.code).toBe('PackerBuildFailed');
    const log = await logOf(SEED.imagesRg, 'win2022-winrm-blocked');
    expect(log).toMatch(
      /\[ERROR\] WinRM connection err: unknown error Post "https:\/\/10\.10\.6\.\d+:5986\/wsman": context deadline exceeded/,
    );
  });

  it('template identity without subnets/join/action', async () => {
    const e = await operationError(SEED.imagesRg, 'ubuntu-no-join');
    expect(e.code).toBe('Unauthorized');
    expect(e.message).toBe(
      `Not authorized to access the resource: ${subnetIdOf(SEED.subnets.aci)}. Please check the user assigned identity has the correct permissions. For more details, go to https://aka.ms/azvmimagebuilderts.`,
    );
  });

  it('private build subnet (no default outbound access, no NAT gateway): fails in Customizing', async () => {
    const r = await runAndFail(SEED.imagesRg, 'ubuntu-private-subnet');
    expect(r.code).toBe('PackerBuildFailed');
    expect(r.status).toMatchObject({ runState: 'Failed', runSubState: 'Customizing' });
    expect(await logOf(SEED.imagesRg, 'ubuntu-private-subnet')).toContain(
      `The build VM has no outbound internet access: subnet '${subnetIdOf(SEED.subnets.private)}' has defaultOutboundAccess false and no NAT gateway or route to a firewall.`,
    );
  });

  it('layout 3 request rules are checked at PATCH time: other VNet, same subnet, ACI subnet alone', async () => {
    const path = tplPath(SEED.teamRg, 'team-ubuntu-move-to-l3');
    const patch = (vnetConfig: Rec): Promise<{ status: number; body: Rec }> =>
      arm('PATCH', path, '2024-02-01', { properties: { vmProfile: { vnetConfig } } });
    const other = await patch({
      subnetId: subnetIdOf(SEED.subnets.build),
      containerInstanceSubnetId: subnetIdOf(SEED.subnets.aciOther, SEED.vnet2),
    });
    expect(other.status).toBe(400);
    expect(other.body.error).toMatchObject({ code: 'ValidationFailed' });
    expect((other.body.error as Rec).message).toContain('same virtual network');
    const same = await patch({
      subnetId: subnetIdOf(SEED.subnets.build),
      containerInstanceSubnetId: subnetIdOf(SEED.subnets.build),
    });
    expect((same.body.error as Rec).message).toContain('must be different');
    const alone = await patch({ containerInstanceSubnetId: subnetIdOf(SEED.subnets.aci) });
    expect((alone.body.error as Rec).message).toContain("requires field 'subnetId'");
  });

  it('layout 3 with an undelegated ACI subnet fails with SubnetMissingRequiredDelegation; delegating it fixes the next run', async () => {
    const name = 'team-ubuntu-move-to-l3';
    const t = await c.virtualMachineImageTemplates.beginUpdateAndWait(
      SEED.teamRg,
      name,
      {
        properties: {
          vmProfile: {
            vnetConfig: {
              subnetId: subnetIdOf(SEED.subnets.build),
              containerInstanceSubnetId: subnetIdOf(SEED.subnets.aciUndelegated),
            },
          },
        },
      },
      { updateIntervalInMs: 100 },
    );
    expect(t.vmProfile?.vnetConfig?.containerInstanceSubnetId).toBe(subnetIdOf(SEED.subnets.aciUndelegated));
    const r = await runAndFail(SEED.teamRg, name);
    expect(r.code).toBe('SubnetMissingRequiredDelegation');
    expect(r.message).toMatch(
      /Subnet missing required delegation 'Microsoft\.ContainerInstance' for container group 'vmimagebuilder-build-container-\d{10}'\./,
    );
    expect(r.status).toMatchObject({ runState: 'Failed', runSubState: 'Building' });

    const subnetPath = subnetIdOf(SEED.subnets.aciUndelegated);
    const s = await arm('GET', subnetPath, '2024-05-01');
    const props = s.body.properties as Rec;
    const put = await arm('PUT', subnetPath, '2024-05-01', {
      properties: {
        addressPrefix: props.addressPrefix,
        natGateway: props.natGateway,
        defaultOutboundAccess: props.defaultOutboundAccess,
        privateLinkServiceNetworkPolicies: props.privateLinkServiceNetworkPolicies,
        delegations: [
          { name: 'aci', properties: { serviceName: 'Microsoft.ContainerInstance/containerGroups' } },
        ],
      },
    });
    expect(put.status).toBeLessThan(300);
    await until(
      () => arm('GET', subnetPath, '2024-05-01'),
      (x) => (x.body.properties as Rec).provisioningState === 'Succeeded',
    );
    await c.virtualMachineImageTemplates.beginRunAndWait(SEED.teamRg, name, { updateIntervalInMs: 100 });
    const after = await c.virtualMachineImageTemplates.get(SEED.teamRg, name);
    expect(after.lastRunStatus?.runState).toBe('Succeeded');
  });

  it('layout 3 with a delegated ACI subnet that has no way out: InaccessibleImage in Building', async () => {
    const sid = `${subnetIdOf(SEED.subnets.build).replace(/\/subnets\/.*$/, '')}/subnets/snet-aci-private`;
    const put = await arm('PUT', sid, '2024-05-01', {
      properties: {
        addressPrefix: '10.10.8.0/24',
        defaultOutboundAccess: false,
        delegations: [
          { name: 'aci', properties: { serviceName: 'Microsoft.ContainerInstance/containerGroups' } },
        ],
      },
    });
    expect(put.status).toBeLessThan(300);
    await until(
      () => arm('GET', sid, '2024-05-01'),
      (x) => (x.body.properties as Rec | undefined)?.provisioningState === 'Succeeded',
    );
    await c.virtualMachineImageTemplates.beginCreateOrUpdateAndWait(
      SEED.imagesRg,
      'conf-aci-private',
      linuxTemplate({
        identity: {
          type: 'UserAssigned',
          userAssignedIdentities: { [identityIdOf(SEED.identities.networking)]: {} },
        },
        vmProfile: {
          vnetConfig: { subnetId: subnetIdOf(SEED.subnets.build), containerInstanceSubnetId: sid },
        },
      }),
      { updateIntervalInMs: 100 },
    );
    const r = await runAndFail(SEED.imagesRg, 'conf-aci-private');
    expect(r.code).toBe('InaccessibleImage');
    expect(r.message).toContain(`subnet '${sid}' has no outbound connectivity`);
    expect(r.status).toMatchObject({ runState: 'Failed', runSubState: 'Building' });
  });

  it('a build longer than buildTimeoutInMinutes fails with the timeout text', async () => {
    await c.virtualMachineImageTemplates.beginCreateOrUpdateAndWait(
      SEED.imagesRg,
      'conf-timeout',
      linuxTemplate({
        buildTimeoutInMinutes: 10,
        customize: [{ type: 'Shell', name: 'slow', inline: ['sleep 1800'] }],
      }),
      { updateIntervalInMs: 100 },
    );
    const r = await runAndFail(SEED.imagesRg, 'conf-timeout');
    expect(r.code).toBe('BuildTimeout');
    expect(r.status.message).toBe(
      "Failed while waiting for packerizer: Timeout waiting for microservice to complete: 'context deadline exceeded'",
    );
    const start = Date.parse(String(r.status.startTime));
    expect(Date.parse(String(r.status.endTime))).toBeGreaterThan(start);
  });

  it('errorHandling onCustomizerError: abort keeps the build VM', async () => {
    await c.virtualMachineImageTemplates.beginCreateOrUpdateAndWait(
      SEED.imagesRg,
      'conf-abort',
      linuxTemplate({
        errorHandling: { onCustomizerError: 'abort' },
        customize: [{ type: 'Shell', name: 'x', inline: ['exit 1'] }],
      }),
      { updateIntervalInMs: 100 },
    );
    const r = await runAndFail(SEED.imagesRg, 'conf-abort');
    expect(r.code).toBe('PackerBuildFailed');
    const types = await stagingTypes(SEED.imagesRg, 'conf-abort');
    expect(types).toContain('Microsoft.Compute/virtualMachines');
    expect(types).toContain('Microsoft.Network/networkInterfaces');
    expect(types).not.toContain('Microsoft.ContainerInstance/containerGroups');
  });

  it('template identity without write access to the distribution target: AuthorizationFailed in Distributing', async () => {
    const imageId = `/subscriptions/${DEV}/resourceGroups/${SEED.networkingRg}/providers/Microsoft.Compute/images/not-allowed`;
    await c.virtualMachineImageTemplates.beginCreateOrUpdateAndWait(
      SEED.imagesRg,
      'conf-no-image-write',
      linuxTemplate({
        distribute: [{ type: 'ManagedImage', runOutputName: 'img', imageId, location: 'eastus' }],
      }),
      { updateIntervalInMs: 100 },
    );
    const r = await runAndFail(SEED.imagesRg, 'conf-no-image-write');
    expect(r.code).toBe('AuthorizationFailed');
    expect(r.message).toContain(
      `does not have authorization to perform action 'Microsoft.Compute/images/write' over scope '${imageId}'`,
    );
    expect(r.status).toMatchObject({ runState: 'Failed', runSubState: 'Distributing' });
  });

  it('a template identity that does not exist fails provisioning', async () => {
    let err: { message?: string } | undefined;
    try {
      await c.virtualMachineImageTemplates.beginCreateOrUpdateAndWait(
        SEED.imagesRg,
        'conf-ghost-identity',
        linuxTemplate({
          identity: {
            type: 'UserAssigned',
            userAssignedIdentities: { [identityIdOf('id-does-not-exist')]: {} },
          },
        }),
        { updateIntervalInMs: 100 },
      );
    } catch (e) {
      err = e as { message?: string };
    }
    expect(lroError(err).code).toBe('InvalidIdentity');
    const t = await arm('GET', tplPath(SEED.imagesRg, 'conf-ghost-identity'));
    expect((t.body.properties as Rec).provisioningState).toBe('Failed');
  });
});
