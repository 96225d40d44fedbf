// Conformance: the build simulator seen through ARM and Blob storage, with holds to look mid-build and a
// high time scale so whole builds take seconds: staging resources per networking layout and how they
// link, container logs, customization.log, run outputs, cleanup, Activity Log, seeded past runs.
import { afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { ImageBuilderClient, type ImageTemplate } from '@azure/arm-imagebuilder';
import { BlobServiceClient, StorageSharedKeyCredential } from '@azure/storage-blob';
import { staticCredential } from '../testing/tokens.ts';
import { userToken } from '../testing/harness.ts';
import { armSession, templatePath, until, type Rec } from '../testing/session.ts';
import { AIB_SERVICE_CALLER, SUBSCRIPTIONS, USERS } from '../src/world/identities.ts';
import { SEED, subnetIdOf } from '../src/world/seed.ts';
import { UBUNTU_2204, userAssigned } from '../testing/templates.ts';

const info = inject('localAzure');
const DEV: string = SUBSCRIPTIONS.dev.subscriptionId;
let token = '';

interface Res {
  id: string;
  name: string;
  type: string;
  properties?: Rec;
}

const { arm, control } = armSession(info, () => token);
const tplPath = (rg: string, name: string): string => templatePath(DEV, rg, name);

const status = async (rg: string, name: string): Promise<Rec> => {
  const t = await arm('GET', tplPath(rg, name));
  return ((t.body.properties as Rec | undefined)?.lastRunStatus ?? {}) as Rec;
};

async function stagingOf(rg: string, name: string): Promise<string> {
  const t = await arm('GET', tplPath(rg, name));
  return (
    String((t.body.properties as Rec).exactStagingResourceGroup)
      .split('/')
      .pop() ?? ''
  );
}

async function resourcesIn(rgName: string): Promise<Res[]> {
  const r = await arm('GET', `/subscriptions/${DEV}/resourceGroups/${rgName}/resources`, '2021-04-01');
  return (r.body.value ?? []) as Res[];
}

const ofType = (all: Res[], type: string): Res[] =>
  all.filter((r) => r.type.toLowerCase() === type.toLowerCase());
const same = (a: unknown, b: string): boolean => String(a).toLowerCase() === b.toLowerCase();

async function blobs(accountId: string): Promise<BlobServiceClient> {
  const keys = await arm('POST', `${accountId}/listKeys`, '2023-05-01');
  const key = ((keys.body.keys as Array<{ value: string }>)[0] ?? { value: '' }).value;
  const sa = await arm('GET', accountId, '2023-05-01');
  const endpoint = String(((sa.body.properties as Rec).primaryEndpoints as Rec).blob);
  const name = accountId.split('/').pop() ?? '';
  return new BlobServiceClient(endpoint, new StorageSharedKeyCredential(name, key));
}

async function readLog(accountId: string): Promise<{ folders: string[]; text: string }> {
  const svc = await blobs(accountId);
  const c = svc.getContainerClient('packerlogs');
  const names: string[] = [];
  for await (const b of c.listBlobsFlat()) names.push(b.name);
  const last = names.filter((n) => n.endsWith('customization.log')).pop();
  const text = last ? (await c.getBlobClient(last).downloadToBuffer()).toString('utf8') : '';
  return { folders: [...new Set(names.map((n) => n.split('/')[0] ?? ''))], text };
}

beforeAll(async () => {
  token = (await userToken(info, 'ava')).accessToken;
  await control('POST', 'reset');
  await control('POST', 'time', { speed: 3000 });
});

afterEach(async () => {
  await control('DELETE', 'hold');
  await control('POST', 'time', { speed: 3000 });
});

describe('build simulator', () => {
  it('layout 2 (subnetId only): Private Link path mid-build, logs, then cleanup and a gallery version', async () => {
    const name = 'ubuntu2204-gallery-pl';
    const id = tplPath(SEED.imagesRg, name);
    await control('POST', 'hold', { template: id, phase: 'Customizing' });
    expect((await arm('POST', `${id}/run`)).status).toBe(202);
    await until(
      () => status(SEED.imagesRg, name),
      (s) => s.runSubState === 'Customizing',
    );
    const staging = await stagingOf(SEED.imagesRg, name);
    const all = await resourcesIn(staging);
    const names = all.map((r) => r.name);
    expect(ofType(all, 'Microsoft.Network/virtualNetworks')).toHaveLength(1);
    expect(ofType(all, 'Microsoft.Network/networkSecurityGroups')).toHaveLength(2);
    expect(names.some((n) => /^aiblb[a-z0-9]{5}$/.test(n))).toBe(true);
    expect(names.some((n) => /^aibpls[a-z0-9]{5}$/.test(n))).toBe(true);
    expect(names.some((n) => /^aibproxyvm[a-z0-9]{5}$/.test(n))).toBe(true);
    expect(names.some((n) => /^proxyVmDiskLinux_\d{14}$/.test(n))).toBe(true);
    expect(names.some((n) => /^vmimagebuilder-build-container-\d{10}$/.test(n))).toBe(true);
    const vm = names.find((n) => /^pkrvm[a-z0-9]{10}$/.test(n)) ?? '';
    expect(names).toContain(`pkrni${vm.slice(5)}`);
    expect(names).toContain(`pkros${vm.slice(5)}`);

    const get = async (r: Res | undefined, v: string): Promise<Rec> =>
      (await arm('GET', r?.id ?? '/x', v)).body;
    const nic = await get(
      all.find((r) => r.name === `pkrni${vm.slice(5)}`),
      '2024-05-01',
    );
    const ipc = ((nic.properties as Rec).ipConfigurations as Rec[])[0]?.properties as Rec;
    expect(same((ipc.subnet as Rec).id, subnetIdOf(SEED.subnets.build))).toBe(true);
    const pe = await get(ofType(all, 'Microsoft.Network/privateEndpoints')[0], '2024-05-01');
    const pls = ofType(all, 'Microsoft.Network/privateLinkServices')[0];
    const conn = ((pe.properties as Rec).privateLinkServiceConnections as Rec[])[0]?.properties as Rec;
    expect(same(conn.privateLinkServiceId, pls?.id ?? '')).toBe(true);
    const plsBody = await get(pls, '2024-05-01');
    const fe = ((plsBody.properties as Rec).loadBalancerFrontendIpConfigurations as Rec[])[0];
    expect(String(fe?.id).toLowerCase()).toContain('/loadbalancers/aiblb');
    const cgRes = ofType(all, 'Microsoft.ContainerInstance/containerGroups')[0];
    const cg = await get(cgRes, '2023-05-01');
    const cgSubnet = String(((cg.properties as Rec).subnetIds as Rec[])[0]?.id);
    expect(cgSubnet).toContain(
      `/resourceGroups/${staging}/providers/Microsoft.Network/virtualNetworks/vmimagebuilder-vnet-`,
    );
    const logs = await arm('GET', `${cgRes?.id ?? ''}/containers/packerizer/logs`, '2023-05-01');
    expect(String(logs.body.content)).toContain('Deploying deployment template');
    expect(String(logs.body.content)).toContain('Connected to SSH!');

    await control('DELETE', 'hold');
    await until(
      () => status(SEED.imagesRg, name),
      (s) => s.runState === 'Succeeded',
    );
    const after = await resourcesIn(staging);
    expect(after.map((r) => r.type)).toEqual(['Microsoft.Storage/storageAccounts']);
    const log = await readLog(after[0]?.id ?? '');
    expect(log.text).toContain('(telemetry) Starting provisioner shell');
    expect(log.text).toContain('(telemetry) ending shell');
    expect(log.text).toContain('==> azure-arm: Applying CIS baseline');
    expect(log.text).toContain('(telemetry) Finalizing.');
    expect(log.text).toMatch(/^\[[0-9a-f-]{36}\] PACKER OUT /);
    // Telemetry and each stage's start are time-stamped in Packer's debug log, in order: what a reader
    // times the steps by.
    expect(log.text).toMatch(
      /PACKER ERR \d{4}\/\d\d\/\d\d \d\d:\d\d:\d\d \[INFO\] \(telemetry\) Starting provisioner shell/,
    );
    const stamps = [
      ...log.text.matchAll(/PACKER ERR (\d{4})\/(\d\d)\/(\d\d) (\d\d):(\d\d):(\d\d) \[INFO\] (.*)/g),
    ];
    expect(stamps.map((m) => m[7]?.replace(/ .*/, ''))).toEqual(
      expect.arrayContaining(['packer-plugin-azure:', '(telemetry)', 'image']),
    );
    const times = stamps.map((m) => Date.parse(`${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}Z`));
    expect(times.every(Number.isFinite)).toBe(true);
    expect(times).toEqual([...times].sort((a, b) => a - b));
    const c = new ImageBuilderClient(staticCredential(token), DEV, { endpoint: info.arm });
    const out = await c.virtualMachineImageTemplates.getRunOutput(SEED.imagesRg, name, `${name}-sig`);
    expect(out.artifactId).toMatch(/\/galleries\/galKiln\/images\/ubuntu-22-04\/versions\/1\.0\.0$/);
    expect((await arm('GET', out.artifactId ?? '', '2024-03-03')).status).toBe(200);
  });

  it('layout 1 (no vnetConfig): AIB VNet with two subnets and NSGs; VHD output in the staging account', async () => {
    const name = 'win2022-vhd';
    const id = tplPath(SEED.imagesRg, name);
    await control('POST', 'hold', { template: id, phase: 'Customizing' });
    await arm('POST', `${id}/run`);
    await until(
      () => status(SEED.imagesRg, name),
      (s) => s.runSubState === 'Customizing',
    );
    const staging = await stagingOf(SEED.imagesRg, name);
    const all = await resourcesIn(staging);
    const vnet = await arm(
      'GET',
      ofType(all, 'Microsoft.Network/virtualNetworks')[0]?.id ?? '/x',
      '2024-05-01',
    );
    const subnets = ((vnet.body.properties as Rec).subnets as Rec[]).map((s) => s.name);
    expect(subnets).toEqual(['vmimagebuilder-aci-subnet', 'vmimagebuilder-vm-subnet']);
    expect(ofType(all, 'Microsoft.Network/networkSecurityGroups')).toHaveLength(2);
    expect(ofType(all, 'Microsoft.Network/privateLinkServices')).toHaveLength(0);
    const vm = await arm('GET', all.find((r) => r.name.startsWith('pkrvm'))?.id ?? '/x', '2024-07-01');
    expect(((vm.body.properties as Rec).storageProfile as Rec).osDisk).toMatchObject({ osType: 'Windows' });
    const cg = await arm(
      'GET',
      ofType(all, 'Microsoft.ContainerInstance/containerGroups')[0]?.id ?? '/x',
      '2023-05-01',
    );
    expect(String(((cg.body.properties as Rec).subnetIds as Rec[])[0]?.id)).toMatch(
      /\/subnets\/vmimagebuilder-aci-subnet$/,
    );
    await control('DELETE', 'hold');
    await until(
      () => status(SEED.imagesRg, name),
      (s) => s.runState === 'Succeeded',
    );
    const c = new ImageBuilderClient(staticCredential(token), DEV, { endpoint: info.arm });
    const out = await c.virtualMachineImageTemplates.getRunOutput(SEED.imagesRg, name, `${name}-vhd`);
    expect(out.artifactUri).toMatch(/\/vhds\/win2022-vhd_\d{8}T\d{6}\.vhd$/);
    const account = (await resourcesIn(staging))[0]?.id ?? '';
    const svc = await blobs(account);
    const vhdName = (out.artifactUri ?? '').split('/vhds/')[1] ?? '';
    expect(await svc.getContainerClient('vhds').getBlobClient(vhdName).exists()).toBe(true);
  });

  it('layout 3 (both subnets): no network resources; container in your ACI subnet, build VM in your build subnet', async () => {
    const name = 'ubuntu2204-base';
    const id = tplPath(SEED.imagesRg, name);
    await control('POST', 'hold', { template: id, phase: 'Customizing' });
    await arm('POST', `${id}/run`);
    await until(
      () => status(SEED.imagesRg, name),
      (s) => s.runSubState === 'Customizing',
    );
    const all = await resourcesIn(await stagingOf(SEED.imagesRg, name));
    expect(
      all.filter(
        (r) => r.type.startsWith('Microsoft.Network/') && r.type !== 'Microsoft.Network/networkInterfaces',
      ),
    ).toHaveLength(0);
    const cg = await arm(
      'GET',
      ofType(all, 'Microsoft.ContainerInstance/containerGroups')[0]?.id ?? '/x',
      '2023-05-01',
    );
    expect(same(((cg.body.properties as Rec).subnetIds as Rec[])[0]?.id, subnetIdOf(SEED.subnets.aci))).toBe(
      true,
    );
    const nic = await arm(
      'GET',
      ofType(all, 'Microsoft.Network/networkInterfaces')[0]?.id ?? '/x',
      '2024-05-01',
    );
    const ipc = ((nic.body.properties as Rec).ipConfigurations as Rec[])[0]?.properties as Rec;
    expect(same((ipc.subnet as Rec).id, subnetIdOf(SEED.subnets.build))).toBe(true);
    expect(String(ipc.privateIPAddress)).toMatch(/^10\.10\.1\./);
  });

  it('walks Queued → Building → Customizing → Optimizing → Validating → Distributing when configured', async () => {
    const c = new ImageBuilderClient(staticCredential(token), DEV, { endpoint: info.arm });
    const name = 'conf-optimize-validate';
    await c.virtualMachineImageTemplates.beginCreateOrUpdateAndWait(
      SEED.imagesRg,
      name,
      {
        location: 'eastus',
        identity: userAssigned('basic'),
        source: UBUNTU_2204,
        customize: [{ type: 'Shell', name: 'a', inline: ['echo a'] }],
        optimize: { vmBoot: { state: 'Enabled' } },
        validate: { inVMValidations: [{ type: 'Shell', name: 'check', inline: ['echo ok'] }] },
        distribute: [{ type: 'VHD', runOutputName: 'vhd' }],
      } as ImageTemplate,
      { updateIntervalInMs: 100 },
    );
    await control('POST', 'time', { speed: 150 });
    await arm('POST', `${tplPath(SEED.imagesRg, name)}/run`);
    const seen: string[] = [];
    await until(
      async () => {
        const s = await status(SEED.imagesRg, name);
        const v = String(s.runSubState ?? s.runState);
        if (seen[seen.length - 1] !== v) seen.push(v);
        return s;
      },
      (s) => s.runState !== 'Running',
      60_000,
    );
    expect(seen).toEqual([
      'Queued',
      'Building',
      'Customizing',
      'Optimizing',
      'Validating',
      'Distributing',
      'Succeeded',
    ]);
  });

  it('a script fault (control API) fails the next build in its first customizer, once', async () => {
    const name = 'ubuntu2204-base';
    const id = tplPath(SEED.imagesRg, name);
    await expect(control('POST', 'script-fault', { template: id, exit: 0 })).rejects.toThrow(/: 400 /);
    expect(await control('POST', 'script-fault', { template: id.toUpperCase(), exit: 7 })).toEqual({
      ok: true,
    });
    const ended = async () =>
      until(
        () => status(SEED.imagesRg, name),
        (s) => s.runState !== 'Running',
        60_000,
      );
    await arm('POST', `${id}/run`);
    const failed = await ended();
    expect(failed.runState).toBe('Failed');
    expect(String(failed.message)).toContain('Packer build command has failed');
    const staging = await stagingOf(SEED.imagesRg, name);
    const account = (await resourcesIn(staging)).find((r) =>
      same(r.type, 'Microsoft.Storage/storageAccounts'),
    );
    const c = (await blobs(account?.id ?? '')).getContainerClient('packerlogs');
    const texts: string[] = [];
    for await (const b of c.listBlobsFlat())
      if (b.name.endsWith('customization.log'))
        texts.push((await c.getBlobClient(b.name).downloadToBuffer()).toString('utf8'));
    expect(texts.filter((t) => t.includes('Script exited with non-zero exit status: 7.'))).toHaveLength(1);
    // Once only: the next build runs the scripts as planned.
    await arm('POST', `${id}/run`);
    expect((await ended()).runState).toBe('Succeeded');
  });

  it('records the run and every staging resource in the Activity Log (AIB as the caller, with responseBody)', async () => {
    const start = new Date(Date.now() - 60 * 60_000).toISOString();
    const end = new Date(Date.now() + 60_000).toISOString();
    const filter = encodeURIComponent(`eventTimestamp ge '${start}' and eventTimestamp le '${end}'`);
    const raw: unknown[] = [];
    let next: string | undefined =
      `/subscriptions/${DEV}/providers/Microsoft.Insights/eventtypes/management/values?$filter=${filter}`;
    while (next) {
      const r = await arm('GET', next, '2015-04-01');
      raw.push(...((r.body.value ?? []) as unknown[]));
      next = typeof r.body.nextLink === 'string' ? r.body.nextLink : undefined;
    }
    const events = raw as Array<{
      caller: string;
      operationName: { value: string };
      status: { value: string };
      resourceId: string;
      properties?: Rec;
    }>;
    const runs = events.filter(
      (e) =>
        e.operationName.value === 'Microsoft.VirtualMachineImages/imageTemplates/run/action' &&
        e.resourceId.toLowerCase().endsWith('/ubuntu2204-gallery-pl'),
    );
    expect(runs.map((e) => e.status.value).sort()).toEqual(['Started', 'Succeeded']);
    expect(runs.every((e) => e.caller === USERS.owner.username)).toBe(true);
    const vmWrites = events.filter(
      (e) =>
        e.operationName.value === 'Microsoft.Compute/virtualMachines/write' &&
        e.caller === AIB_SERVICE_CALLER &&
        e.status.value === 'Succeeded',
    );
    expect(vmWrites.length).toBeGreaterThan(0);
    expect(String(vmWrites[0]?.properties?.responseBody)).toContain('"networkProfile"');
    const deletes = events.filter(
      (e) =>
        e.operationName.value === 'Microsoft.ContainerInstance/containerGroups/delete' &&
        e.caller === AIB_SERVICE_CALLER,
    );
    expect(deletes.length).toBeGreaterThan(0);
  });

  it('cancel cleans the staging group up to the storage account', async () => {
    const name = 'win2022-vhd';
    const id = tplPath(SEED.imagesRg, name);
    await control('POST', 'hold', { template: id, phase: 'Customizing' });
    await arm('POST', `${id}/run`);
    await until(
      () => status(SEED.imagesRg, name),
      (s) => s.runSubState === 'Customizing',
    );
    expect((await arm('POST', `${id}/cancel`)).status).toBe(204);
    await until(
      () => status(SEED.imagesRg, name),
      (s) => s.runState === 'Canceled',
    );
    const left = await resourcesIn(await stagingOf(SEED.imagesRg, name));
    expect(left.map((r) => r.type)).toEqual(['Microsoft.Storage/storageAccounts']);
  });

  it('a hold on Canceling keeps a cancelled build stuck in Canceling until released', async () => {
    const name = 'ubuntu2204-base';
    const id = tplPath(SEED.imagesRg, name);
    await control('POST', 'hold', { template: id, phase: 'Building' });
    await control('POST', 'hold', { template: id, phase: 'Canceling' });
    await arm('POST', `${id}/run`);
    await until(
      () => status(SEED.imagesRg, name),
      (s) => s.runSubState === 'Building',
    );
    expect((await arm('POST', `${id}/cancel`)).status).toBe(204);
    await new Promise((r) => setTimeout(r, 500));
    expect(await status(SEED.imagesRg, name)).toMatchObject({
      runState: 'Canceling',
      message: 'Canceling image build',
    });
    await control('DELETE', 'hold');
    await until(
      () => status(SEED.imagesRg, name),
      (s) => s.runState === 'Canceled',
    );
  });

  it('seeds past runs with their packerlogs folders', async () => {
    const ok = await status(SEED.imagesRg, 'ubuntu2204-base');
    expect(ok.runState).toBeTruthy();
    const okStaging = await stagingOf(SEED.imagesRg, 'ubuntu2204-base');
    const okAccount =
      (await resourcesIn(okStaging)).find((r) => r.type === 'Microsoft.Storage/storageAccounts')?.id ?? '';
    // Three seeded runs (failed, succeeded, succeeded), plus the builds run earlier in this file.
    expect((await readLog(okAccount)).folders.length).toBeGreaterThanOrEqual(3);
    const failed = await status(SEED.imagesRg, 'ubuntu-script-fails');
    expect(failed).toMatchObject({ runState: 'Failed', runSubState: 'Customizing' });
    expect(String(failed.message)).toMatch(
      /Image Build log location: https:\/\/.+\/packerlogs\/[0-9a-f-]{36}\/customization\.log/,
    );
    const staging = await stagingOf(SEED.imagesRg, 'ubuntu-script-fails');
    const account =
      (await resourcesIn(staging)).find((r) => r.type === 'Microsoft.Storage/storageAccounts')?.id ?? '';
    const log = await readLog(account);
    expect(log.folders).toHaveLength(1);
    expect(log.text).toContain('Script exited with non-zero exit status: 3');
  });

  it('seeds 2,000 extra templates quickly', async () => {
    const t0 = Date.now();
    await control('POST', 'seed', { templates: 2000 });
    expect(Date.now() - t0).toBeLessThan(5000);
    const r = await arm(
      'GET',
      `/subscriptions/${DEV}/providers/Microsoft.VirtualMachineImages/imageTemplates`,
    );
    expect(r.status).toBe(200);
    expect(r.body.nextLink).toBeTruthy();
  });
});
