// Local Azure answers as the Azure CLI's recordings of Image Builder show the real service answering
// (Azure/azure-cli, the vm module's recordings/test_image_builder_*.yaml and test_image_build_*.yaml).
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { SUBSCRIPTIONS } from '../src/world/identities.ts';
import { SEED, identityIdOf, subnetIdOf } from '../src/world/seed.ts';
import { userToken } from '../testing/harness.ts';
import { armSession, templatePath, until, type ArmSession, type Rec } from '../testing/session.ts';

const info = inject('localAzure');
const DEV = SUBSCRIPTIONS.dev.subscriptionId;
const PROD = SUBSCRIPTIONS.prod.subscriptionId;
let token = '';
let s: ArmSession;

beforeAll(async () => {
  token = (await userToken(info, 'ava')).accessToken;
  s = armSession(info, () => token);
});

const props = (r: Rec): Rec => (r.properties ?? {}) as Rec;

function template(opts: { identity?: string; properties?: Rec } = {}): Rec {
  return {
    location: 'eastus',
    tags: {},
    identity: {
      type: 'UserAssigned',
      userAssignedIdentities: { [identityIdOf(opts.identity ?? SEED.identities.basic)]: {} },
    },
    properties: {
      source: {
        type: 'PlatformImage',
        publisher: 'Canonical',
        offer: 'ubuntu-24_04-lts',
        sku: 'server',
        version: 'latest',
      },
      distribute: [
        {
          type: 'ManagedImage',
          runOutputName: 'img',
          location: 'eastus',
          imageId: `/subscriptions/${DEV}/resourceGroups/${SEED.imagesRg}/providers/Microsoft.Compute/images/rec-img`,
        },
      ],
      ...(opts.properties ?? {}),
    },
  };
}

/** PUT a template and wait for its creation operation to end. */
async function create(
  name: string,
  body: Rec,
  version?: string,
  rg: string = SEED.imagesRg,
  sub: string = DEV,
) {
  const path = templatePath(sub, rg, name);
  const put = await s.arm('PUT', path, version, body);
  expect(put.status, JSON.stringify(put.body)).toBe(201);
  const op = await until(
    () => s.arm('GET', put.headers.get('azure-asyncoperation') ?? ''),
    (r) => r.body.status !== 'InProgress',
  );
  const got = await s.arm('GET', path, version);
  return { path, put, op: op.body, template: got.body };
}

describe('recorded behaviour of Image Builder', () => {
  it('an identity that may not join the subnet: PUT 201, then the operation and the template end Failed, Unauthorized, at creation', async () => {
    const {
      put,
      op,
      template: t,
    } = await create(
      'rec-no-join',
      template({ properties: { vmProfile: { vnetConfig: { subnetId: subnetIdOf(SEED.subnets.build) } } } }),
    );
    expect(props(put.body).provisioningState).toBe('Creating');
    expect(op.status).toBe('Failed');
    expect(op.error).toMatchObject({ code: 'Unauthorized' });
    expect(String((op.error as Rec).message)).toContain(
      `Not authorized to access the resource: ${subnetIdOf(SEED.subnets.build)}`,
    );
    expect(props(t).provisioningState).toBe('Failed');
    expect(props(t).provisioningError).toMatchObject({ provisioningErrorCode: 'Other' });
    // The identity with the networking role provisions.
    const ok = await create(
      'rec-join',
      template({
        identity: SEED.identities.networking,
        properties: { vmProfile: { vnetConfig: { subnetId: subnetIdOf(SEED.subnets.build) } } },
      }),
    );
    expect(ok.op.status).toBe('Succeeded');
  });

  it('a stagingResourceGroup without its leading / (what az image builder sends) is accepted and used', async () => {
    const rg = `/subscriptions/${DEV}/resourceGroups/rg-rec-staging`;
    const {
      put,
      op,
      template: t,
    } = await create('rec-staging', template({ properties: { stagingResourceGroup: rg.slice(1) } }));
    expect(props(put.body).stagingResourceGroup).toBe(rg.slice(1));
    expect(op.status).toBe('Succeeded');
    expect(String(props(t).exactStagingResourceGroup).toLowerCase()).toBe(rg.toLowerCase());
    expect((await s.arm('GET', rg, '2025-04-01')).status).toBe(200);
  });

  it('source.exactVersion: the version asked for at creation, `latest` resolved once provisioned', async () => {
    const { put, template: t } = await create(
      'rec-exact',
      template({
        properties: {
          source: {
            type: 'PlatformImage',
            publisher: 'Canonical',
            offer: 'UbuntuServer',
            sku: '18_04-LTS-GEN2',
            version: 'latest',
          },
        },
      }),
      '2023-07-01',
    );
    expect((props(put.body).source as Rec).exactVersion).toBe('latest');
    expect((props(t).source as Rec).exactVersion).toMatch(/^18\.04\.\d{9}$/);
    expect((props(t).source as Rec).version).toBe('latest');
    const pinned = await create(
      'rec-exact-pinned',
      template({
        properties: {
          source: {
            type: 'PlatformImage',
            publisher: 'Canonical',
            offer: 'UbuntuServer',
            sku: '18.04-LTS',
            version: '18.04.201808140',
          },
        },
      }),
      '2022-02-14',
    );
    expect((props(pinned.put.body).source as Rec).exactVersion).toBe('18.04.201808140');
  });

  it('no systemData on templates, in any version (the service sends none)', async () => {
    const { put, template: t } = await create('rec-nosystemdata', template());
    expect(put.body).not.toHaveProperty('systemData');
    expect(t).not.toHaveProperty('systemData');
    const seeded = await s.arm('GET', templatePath(DEV, SEED.imagesRg, 'ubuntu2204-base'), '2024-02-01');
    expect(seeded.body).not.toHaveProperty('systemData');
  });

  it('customizers echo as recorded: no checksum on inline scripts, WindowsRestart optional commands as "", PowerShell booleans', async () => {
    const { put } = await create(
      'rec-customizers',
      template({
        properties: {
          customize: [
            { type: 'Shell', name: 'inline', inline: ['echo hi'] },
            { type: 'WindowsRestart', name: 'restart', restartTimeout: '5m' },
            { type: 'PowerShell', name: 'ps', inline: ['Write-Host hi'], validExitCodes: [0, 1] },
          ],
        },
      }),
      '2022-02-14',
    );
    const [shell, restart, ps] = props(put.body).customize as Rec[];
    expect(shell).toEqual({ type: 'Shell', name: 'inline', inline: ['echo hi'] });
    expect(restart).toEqual({
      type: 'WindowsRestart',
      name: 'restart',
      restartTimeout: '5m',
      restartCommand: '',
      restartCheckCommand: '',
    });
    expect(ps).toMatchObject({ runElevated: false, validExitCodes: [0, 1] });
    expect(ps).not.toHaveProperty('sha256Checksum');
    expect(put.body.tags).toEqual({});
  });

  it('Location answers the same status document as Azure-AsyncOperation', async () => {
    const { path } = await create('rec-location', template());
    const run = await s.arm('POST', `${path}/run`);
    expect(run.status).toBe(202);
    const location = run.headers.get('location') ?? '';
    expect(location).toBe(run.headers.get('azure-asyncoperation'));
    expect(location).toMatch(/\/operations\/[0-9a-f-]{36}\?api-version=/);
    const byLocation = await s.arm('GET', location);
    expect(byLocation.status).toBe(200);
    expect(byLocation.body).toMatchObject({ status: expect.stringMatching(/InProgress|Succeeded/) });
    expect(String(byLocation.body.name)).toMatch(/^[0-9A-F-]{36}$/);
    await s.arm('POST', `${path}/cancel`);
  });

  it('a trigger is Creating at PUT, with its status on a later GET', async () => {
    const { path } = await create('rec-trigger', template());
    const put = await s.arm('PUT', `${path}/triggers/source`, '2022-07-01', {
      properties: { kind: 'SourceImage' },
    });
    expect(put.status).toBe(201);
    expect(props(put.body).provisioningState).toBe('Creating');
    expect(props(put.body)).not.toHaveProperty('status');
    const later = await until(
      () => s.arm('GET', `${path}/triggers/source`, '2022-07-01'),
      (r) => props(r.body).provisioningState !== 'Creating',
    );
    expect(props(later.body)).toMatchObject({ provisioningState: 'Succeeded', status: { code: 'Healthy' } });
  });

  it('gallery image versions: 1.0.0 (then the next patch) from 2022-07-01 without versioning; date-based before', async () => {
    const galleryImage = `/subscriptions/${PROD}/resourceGroups/${SEED.prodRg}/providers/Microsoft.Compute/galleries/galKilnProd/images/ubuntu-22-04`;
    const before = await s.arm('GET', `${galleryImage}/versions`, '2024-03-03');
    const hadNone = ((before.body.value as unknown[] | undefined) ?? []).length === 0;
    const sig = (name: string): Rec =>
      template({
        properties: {
          distribute: [
            {
              type: 'SharedImage',
              runOutputName: name,
              galleryImageId: galleryImage,
              replicationRegions: ['eastus'],
            },
          ],
        },
      });
    const outputOf = async (name: string, version: string): Promise<string> => {
      const { path } = await create(name, sig(name), version, SEED.prodRg, PROD);
      await s.arm('POST', `${path}/run`, version);
      await until(
        () => s.arm('GET', path, version),
        (r) => (props(r.body).lastRunStatus as Rec | undefined)?.runState !== 'Running',
        60_000,
      );
      const out = await s.arm('GET', `${path}/runOutputs/${name}`, version);
      return String(props(out.body).artifactId);
    };
    const current = await outputOf('rec-sig-new', '2022-07-01');
    expect(current).toMatch(hadNone ? /\/versions\/1\.0\.0$/ : /\/versions\/1\.0\.\d+$/);
    const legacy = await outputOf('rec-sig-old', '2022-02-14');
    expect(legacy).toMatch(/\/versions\/0\.\d{5}\.\d+$/);
  });
});
