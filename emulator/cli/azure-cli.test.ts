// The Azure CLI against local Azure, as a new user would drive it: Debian's `azure-cli` (2.45, Image
// Builder api 2022-02-14) registers the cloud from /metadata/endpoints, signs in as the automation
// service principal and, by device code, as a demo user, and runs the Image Builder commands. Commands the
// packaged CLI itself cannot run are checked to still fail that way, and their `az rest` equivalent is run.
// One private AZURE_CONFIG_DIR per session; the tests in this file run in order.
import { rmSync } from 'node:fs';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { SUBSCRIPTIONS, USERS } from '../src/world/identities.ts';
import { SEED, identityIdOf } from '../src/world/seed.ts';
import { completeDeviceCode } from '../testing/tokens.ts';
import { armSession, templatePath, type Rec } from '../testing/session.ts';
import { azSession, type AzResult, type AzSession } from './az.ts';

const info = inject('localAzure');
const DEV = SUBSCRIPTIONS.dev.subscriptionId;
const PROD = SUBSCRIPTIONS.prod.subscriptionId;
const RG = SEED.imagesRg;
const NAME = 'cli-ubuntu';
const ID = templatePath(DEV, RG, NAME);
const IDENTITY = identityIdOf(SEED.identities.basic);
const control = armSession(info, () => '').control;

const sp = azSession();
const sessions: AzSession[] = [sp];
afterAll(() => {
  for (const s of sessions) rmSync(s.configDir, { recursive: true, force: true });
});

function ok(r: AzResult): unknown {
  if (r.code !== 0) throw new Error(`az failed (${r.code}): ${r.stderr}`);
  return r.json;
}

async function register(s: AzSession): Promise<void> {
  ok(await s.run(['cloud', 'register', '-n', 'LocalAzure', '--endpoint-resource-manager', info.arm]));
  ok(await s.run(['cloud', 'set', '-n', 'LocalAzure']));
}

const lastRun = (t: unknown): Rec => ((t as Rec).lastRunStatus as Rec | undefined) ?? {};

describe('cloud registration and sign-in', () => {
  it('az cloud register reads the endpoints from /metadata/endpoints', async () => {
    await register(sp);
    const cloud = ok(await sp.run(['cloud', 'show', '-n', 'LocalAzure'])) as {
      endpoints: Record<string, string>;
    };
    expect(cloud.endpoints.resourceManager).toBe(info.arm);
    expect(cloud.endpoints.activeDirectory).toBe(`${new URL(info.issuer).origin}/adfs`);
    expect(cloud.endpoints.activeDirectoryResourceId).toBe('https://management.core.windows.net/');
  });

  it('az login --service-principal signs the automation client in and finds both subscriptions', async () => {
    const subs = ok(
      await sp.run([
        'login',
        '--service-principal',
        '-u',
        info.automation.clientId,
        '-p',
        info.automation.clientSecret,
        '--tenant',
        info.tenantId,
      ]),
    ) as { id: string; user: { type: string } }[];
    expect(subs.map((s) => s.id).sort()).toEqual([DEV, PROD].sort());
    expect(subs[0]?.user.type).toBe('servicePrincipal');
    ok(await sp.run(['account', 'set', '-s', DEV]));
  });
});

describe('az image builder', () => {
  it('create (api 2022-02-14): 201, then provisioned', async () => {
    const t = ok(
      await sp.run([
        'image',
        'builder',
        'create',
        '-n',
        NAME,
        '-g',
        RG,
        '--image-source',
        'Canonical:0001-com-ubuntu-server-jammy:22_04-lts-gen2:latest',
        '--identity',
        IDENTITY,
        '--managed-image-destinations',
        `${NAME}-img=eastus`,
        '--scripts',
        'https://example.com/setup.sh',
      ]),
    ) as Rec;
    expect(t).toMatchObject({ name: NAME, provisioningState: 'Succeeded' });
  });

  it('identity assign of the identity it already has, in another casing', async () => {
    const t = ok(
      await sp.run([
        'image',
        'builder',
        'identity',
        'assign',
        '-n',
        NAME,
        '-g',
        RG,
        '--user-assigned',
        IDENTITY.replace('/resourcegroups/rg-identities/', '/resourceGroups/RG-IDENTITIES/'),
      ]),
    ) as { userAssignedIdentities?: Rec };
    expect(Object.keys(t.userAssignedIdentities ?? {})).toHaveLength(1);
  });

  it('run (waits for the build), then show-runs lists its output', async () => {
    ok(await sp.run(['image', 'builder', 'run', '-n', NAME, '-g', RG]));
    const t = ok(await sp.run(['image', 'builder', 'show', '-n', NAME, '-g', RG]));
    expect(lastRun(t).runState).toBe('Succeeded');
    const runs = ok(await sp.run(['image', 'builder', 'show-runs', '-n', NAME, '-g', RG])) as Rec[];
    expect(runs.map((r) => r.name)).toEqual([`${NAME}-img`]);
  });

  it('az resource invoke-action --action Run, then az image builder wait', async () => {
    ok(await sp.run(['resource', 'invoke-action', '--action', 'Run', '--ids', ID]));
    ok(
      await sp.run([
        'image',
        'builder',
        'wait',
        '-n',
        NAME,
        '-g',
        RG,
        '--custom',
        "lastRunStatus.runState!='Running'",
      ]),
    );
    const t = ok(await sp.run(['image', 'builder', 'show', '-n', NAME, '-g', RG]));
    expect(lastRun(t).runState).toBe('Succeeded');
  });

  it('az rest POST …/run (202), then wait', async () => {
    ok(await sp.run(['rest', '--method', 'post', '--url', `${info.arm}${ID}/run?api-version=2022-02-14`]));
    ok(
      await sp.run([
        'image',
        'builder',
        'wait',
        '-n',
        NAME,
        '-g',
        RG,
        '--custom',
        "lastRunStatus.runState=='Succeeded'",
      ]),
    );
  });

  it('run --no-wait, a second run refused with 409, cancel ends Canceled', async () => {
    await control('POST', 'hold', { template: ID, phase: 'Customizing' });
    try {
      ok(await sp.run(['image', 'builder', 'run', '-n', NAME, '-g', RG, '--no-wait']));
      const again = await sp.run(['image', 'builder', 'run', '-n', NAME, '-g', RG, '--no-wait']);
      expect(again.code).not.toBe(0);
      expect(again.stderr).toMatch(/Conflict|running|409/i);
      ok(await sp.run(['image', 'builder', 'cancel', '-n', NAME, '-g', RG]));
    } finally {
      await control('DELETE', 'hold');
    }
    ok(
      await sp.run([
        'image',
        'builder',
        'wait',
        '-n',
        NAME,
        '-g',
        RG,
        '--custom',
        "lastRunStatus.runState=='Canceled'",
      ]),
    );
  });

  it('delete, then show answers ResourceNotFound', async () => {
    ok(await sp.run(['image', 'builder', 'delete', '-n', NAME, '-g', RG]));
    const gone = await sp.run(['image', 'builder', 'show', '-n', NAME, '-g', RG]);
    expect(gone.code).not.toBe(0);
    expect(gone.stderr).toMatch(/ResourceNotFound|was not found/);
  });
});

describe('commands the packaged CLI cannot run, and their az rest equivalents', () => {
  const subnet = `/subscriptions/${DEV}/resourceGroups/${SEED.networkingRg}/providers/Microsoft.Network/virtualNetworks/${SEED.vnet}/subnets/${SEED.subnets.aciUndelegated}`;

  it('az network vnet subnet update --delegations: Debian 2.45 fails loading its own network module', async () => {
    const r = await sp.run([
      'network',
      'vnet',
      'subnet',
      'update',
      '--ids',
      subnet,
      '--delegations',
      'Microsoft.ContainerInstance/containerGroups',
    ]);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/AttributeError/);
  });

  it('…its az rest equivalent: GET the subnet, PUT it back with the delegation', async () => {
    const url = `${info.arm}${subnet}?api-version=2023-09-01`;
    const current = ok(await sp.run(['rest', '--method', 'get', '--url', url])) as {
      properties: Rec;
    };
    const body = {
      properties: {
        ...current.properties,
        delegations: [
          {
            name: 'aci',
            properties: { serviceName: 'Microsoft.ContainerInstance/containerGroups' },
          },
        ],
      },
    };
    const put = ok(
      await sp.run(['rest', '--method', 'put', '--url', url, '--body', JSON.stringify(body)]),
    ) as { properties: { delegations: { properties: { serviceName: string } }[] } };
    expect(put.properties.delegations[0]?.properties.serviceName).toBe(
      'Microsoft.ContainerInstance/containerGroups',
    );
  });

  it('az role assignment list: needs Microsoft Graph for principal names, which local Azure does not serve', async () => {
    const r = await sp.run(['role', 'assignment', 'list', '--all']);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/microsoft_graph_resource_id/);
  });

  it('…its az rest equivalent lists the role assignments of the subscription', async () => {
    const list = ok(
      await sp.run([
        'rest',
        '--method',
        'get',
        '--url',
        `${info.arm}/subscriptions/${DEV}/providers/Microsoft.Authorization/roleAssignments?api-version=2022-04-01`,
      ]),
    ) as { value: { properties: { principalId: string } }[] };
    expect(list.value.map((a) => a.properties.principalId)).toContain(info.automation.objectId);
  });
});

describe('a person signs in with a device code and sees what that person may see', () => {
  const rey = azSession();
  sessions.push(rey);

  it('az login --use-device-code as Rey Reader: the code, the browser pages, the subscriptions', async () => {
    await register(rey);
    const child = rey.start(['login', '--use-device-code']);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    const exited = new Promise<number>((resolve) => child.on('close', (c) => resolve(c ?? 1)));
    const prompt = await new Promise<RegExpExecArray>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no device code prompt: ${stderr}`)), 60_000);
      child.stderr.on('data', (d: Buffer) => {
        stderr += d.toString();
        const m = /open the page (\S+) and enter the code (\S+) to authenticate/.exec(stderr);
        if (m) {
          clearTimeout(timer);
          resolve(m);
        }
      });
    });
    await completeDeviceCode({
      verificationUri: prompt[1] ?? '',
      userCode: prompt[2] ?? '',
      username: USERS.reader.username,
      password: USERS.reader.password,
    });
    expect(await exited).toBe(0);
    const subs = JSON.parse(stdout) as { id: string; user: { name: string; type: string } }[];
    expect(subs.map((s) => s.id)).toEqual([PROD]);
    expect(subs[0]?.user).toEqual({ name: USERS.reader.username, type: 'user' });
  });

  it('the Reader lists the templates but az image builder run is refused with AuthorizationFailed', async () => {
    const list = ok(await rey.run(['image', 'builder', 'list', '-g', SEED.prodRg])) as Rec[];
    expect(list.length).toBeGreaterThan(0);
    const name = String(list[0]?.name);
    const run = await rey.run(['image', 'builder', 'run', '-n', name, '-g', SEED.prodRg, '--no-wait']);
    expect(run.code).not.toBe(0);
    expect(run.stderr).toMatch(/AuthorizationFailed/);
  });
});
