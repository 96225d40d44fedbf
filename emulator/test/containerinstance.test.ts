// Microsoft.ContainerInstance through @azure/arm-containerinstance: the build container group of a
// held layout-3 build (in the user's delegated ACI subnet), its logs as the simulator writes them,
// delete through the SDK poller, errors and RBAC.
import { ContainerInstanceManagementClient } from '@azure/arm-containerinstance';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { SUBSCRIPTIONS } from '../src/world/identities.ts';
import { staticCredential } from '../testing/tokens.ts';
import { arm, clientOptions, control, userToken } from '../testing/harness.ts';
import { holdBuild, type HeldBuild } from '../testing/held-build.ts';

const info = inject('localAzure');
const DEV = SUBSCRIPTIONS.dev.subscriptionId;
const ACI_SUBNET = `/subscriptions/${DEV}/resourceGroups/rg-networking/providers/Microsoft.Network/virtualNetworks/vnet-aib/subnets/snet-aci`;

let aci: ContainerInstanceManagementClient;
let token = '';
let held: HeldBuild | undefined;
let staging = '';

async function all<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
}

beforeAll(async () => {
  const t = await userToken(info, 'ava');
  token = t.accessToken;
  aci = new ContainerInstanceManagementClient(staticCredential(t), DEV, clientOptions(info));
  held = await holdBuild(
    info,
    token,
    `/subscriptions/${DEV}/resourceGroups/rg-images/providers/Microsoft.VirtualMachineImages/imageTemplates/ubuntu2204-base`,
    'Customizing',
    (rs) => rs.some((r) => r.type === 'Microsoft.ContainerInstance/containerGroups'),
  );
  staging = held.stagingRg;
});

afterAll(async () => {
  await held?.release();
  await control(info, 'POST', 'reset');
});

describe('container groups', () => {
  it('ContainerGroups_ListByResourceGroup / List / Get: the build container in the delegated ACI subnet', async () => {
    const groups = await all(aci.containerGroups.listByResourceGroup(staging));
    expect(groups).toHaveLength(1);
    const name = groups[0]?.name ?? '';
    expect(name).toMatch(/^vmimagebuilder-build-container-/);
    const g = await aci.containerGroups.get(staging, name);
    expect(g).toMatchObject({
      type: 'Microsoft.ContainerInstance/containerGroups',
      provisioningState: 'Succeeded',
      osType: 'Linux',
      subnetIds: [{ id: ACI_SUBNET }],
      ipAddress: { type: 'Private' },
    });
    expect(g.containers[0]).toMatchObject({
      image: expect.any(String),
      resources: { requests: { cpu: expect.any(Number), memoryInGB: expect.any(Number) } },
      instanceView: { currentState: { state: 'Running' } },
    });
    const sub = await all(aci.containerGroups.list());
    expect(sub.map((x) => x.id)).toContain(g.id);
  });

  it('Containers_ListLogs: the build log so far, and its tail', async () => {
    const [g] = await all(aci.containerGroups.listByResourceGroup(staging));
    const container = g?.containers[0]?.name ?? '';
    const logs = await aci.containers.listLogs(staging, g?.name ?? '', container);
    expect(logs.content?.length ?? 0).toBeGreaterThan(0);
    const lines = (logs.content ?? '').split('\n').filter(Boolean);
    const tail = await aci.containers.listLogs(staging, g?.name ?? '', container, { tail: 2 });
    expect((tail.content ?? '').split('\n').filter(Boolean)).toEqual(lines.slice(-2));
    await expect(aci.containers.listLogs(staging, g?.name ?? '', 'nope')).rejects.toMatchObject({
      statusCode: 404,
    });
  });

  it('answers ResourceNotFound / ResourceGroupNotFound', async () => {
    await expect(aci.containerGroups.get(staging, 'nope')).rejects.toMatchObject({
      statusCode: 404,
      code: 'ResourceNotFound',
    });
    await expect(aci.containerGroups.get('rg-missing', 'nope')).rejects.toMatchObject({
      statusCode: 404,
      code: 'ResourceGroupNotFound',
    });
  });

  it('RBAC: cole cannot read the staging container group or its logs; lists are filtered', async () => {
    const cole = await userToken(info, 'cole');
    const c = new ContainerInstanceManagementClient(staticCredential(cole), DEV, clientOptions(info));
    const [g] = await all(aci.containerGroups.listByResourceGroup(staging));
    await expect(c.containerGroups.get(staging, g?.name ?? '')).rejects.toMatchObject({
      statusCode: 403,
    });
    const logs = await arm(
      info,
      cole.accessToken,
      'GET',
      `${g?.id ?? ''}/containers/${g?.containers[0]?.name ?? ''}/logs?api-version=2023-05-01`,
    );
    expect(logs.status).toBe(403);
    expect((logs.json as { error: { message: string } }).error.message).toContain(
      'Microsoft.ContainerInstance/containerGroups/containers/logs/read',
    );
    expect(await all(c.containerGroups.list())).toEqual([]);
  });

  it('ContainerGroups_Delete through the SDK poller; deleting again is a no-op', async () => {
    const [g] = await all(aci.containerGroups.listByResourceGroup(staging));
    const deleted = await aci.containerGroups.beginDeleteAndWait(staging, g?.name ?? '', {
      updateIntervalInMs: 50,
    });
    expect(deleted.name).toBe(g?.name);
    await expect(aci.containerGroups.get(staging, g?.name ?? '')).rejects.toMatchObject({
      statusCode: 404,
    });
    const again = await arm(info, token, 'DELETE', `${g?.id ?? ''}?api-version=2023-05-01`);
    expect(again.status).toBe(204);
  });
});
