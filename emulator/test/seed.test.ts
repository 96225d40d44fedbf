// Conformance: the seed world is deterministic (same names, staging groups and accounts after every reset)
// and holds what emulator/README.md's "Seed world" table says.
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { ImageBuilderClient, type ImageTemplate } from '@azure/arm-imagebuilder';
import { getAppToken, staticCredential } from '../testing/tokens.ts';
import { SUBSCRIPTIONS } from '../src/world/identities.ts';
import { SEED, SEED_TEMPLATES, subnetIdOf } from '../src/world/seed.ts';
import { layoutOf } from '../src/simulator/plan.ts';

const info = inject('localAzure');
let token = '';

async function control(method: string, path: string, body?: unknown): Promise<void> {
  const res = await fetch(`${info.arm}/_local/${path}`, {
    method,
    headers: { 'content-type': 'application/json' },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  if (!res.ok) throw new Error(`control ${path}: ${res.status} ${await res.text()}`);
}

async function all(): Promise<ImageTemplate[]> {
  const out: ImageTemplate[] = [];
  for (const s of [SUBSCRIPTIONS.dev.subscriptionId, SUBSCRIPTIONS.prod.subscriptionId]) {
    const c = new ImageBuilderClient(staticCredential(token), s, { endpoint: info.arm });
    for await (const t of c.virtualMachineImageTemplates.list()) out.push(t);
  }
  return out.sort((a, b) => (a.id ?? '').localeCompare(b.id ?? ''));
}

async function subnet(name: string, vnet?: string): Promise<Record<string, unknown>> {
  const res = await fetch(`${info.arm}${subnetIdOf(name, vnet)}?api-version=2024-05-01`, {
    headers: { authorization: `Bearer ${token}` },
  });
  return ((await res.json()) as { properties: Record<string, unknown> }).properties;
}

beforeAll(async () => {
  token = (
    await getAppToken({
      tokenEndpoint: info.tokenEndpoint,
      clientId: info.automation.clientId,
      clientSecret: info.automation.clientSecret,
    })
  ).accessToken;
});

describe('seed world', () => {
  it('is deterministic across resets', async () => {
    await control('POST', 'reset');
    const a = await all();
    await control('POST', 'reset');
    const b = await all();
    const view = (ts: ImageTemplate[]): unknown[] =>
      ts.map((t) => [t.id, t.exactStagingResourceGroup, t.lastRunStatus?.runState, t.vmProfile?.vnetConfig]);
    expect(view(b)).toEqual(view(a));
    expect(a.map((t) => t.name).sort()).toEqual(SEED_TEMPLATES.map((t) => t.name).sort());
  });

  it('covers the three layouts, Linux and Windows, and the three target kinds', async () => {
    const ts = await all();
    expect(ts.length).toBeGreaterThanOrEqual(8);
    const layouts = new Set(ts.map((t) => layoutOf({ vmProfile: t.vmProfile }).layout));
    expect([...layouts].sort()).toEqual([1, 2, 3]);
    const sources = new Set(ts.map((t) => (t.source as { publisher?: string }).publisher));
    expect(sources).toEqual(new Set(['Canonical', 'MicrosoftWindowsServer']));
    const targets = new Set(ts.flatMap((t) => (t.distribute ?? []).map((d) => d.type)));
    expect(targets).toEqual(new Set(['ManagedImage', 'SharedImage', 'VHD']));
    expect(ts.filter((t) => !t.lastRunStatus).length).toBeGreaterThan(0);
    expect(ts.some((t) => t.lastRunStatus?.runState === 'Succeeded')).toBe(true);
    expect(ts.some((t) => t.lastRunStatus?.runState === 'Failed')).toBe(true);
    expect(ts.filter((t) => t.id?.includes(`/resourcegroups/${SEED.teamRg}/`))).toHaveLength(1);
    expect(
      ts.every((t) => t.provisioningState === 'Succeeded' && t.exactStagingResourceGroup?.includes('/IT_')),
    ).toBe(true);
  });

  it('has the networking world the table describes', async () => {
    const build = await subnet(SEED.subnets.build);
    expect(build.privateLinkServiceNetworkPolicies).toBe('Disabled');
    expect(build.natGateway).toBeTruthy();
    expect(build.networkSecurityGroup).toBeTruthy();
    const aci = await subnet(SEED.subnets.aci);
    expect(
      (aci.delegations as Array<{ properties: { serviceName: string } }>)[0]?.properties.serviceName,
    ).toBe('Microsoft.ContainerInstance/containerGroups');
    expect(await subnet(SEED.subnets.aciUndelegated)).toMatchObject({ delegations: [] });
    expect(await subnet(SEED.subnets.plsEnabled)).toMatchObject({
      privateLinkServiceNetworkPolicies: 'Enabled',
    });
    const priv = await subnet(SEED.subnets.private);
    expect(priv.defaultOutboundAccess).toBe(false);
    expect(priv.natGateway).toBeUndefined();
    const other = await subnet(SEED.subnets.aciOther, SEED.vnet2);
    expect((other.delegations as unknown[]).length).toBe(1);
  });
});
