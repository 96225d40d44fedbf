// Conformance: what other Azure clients (the Azure CLI, Azure PowerShell, SDKs that discover a cloud) need
// from local Azure, over plain HTTPS: anonymous cloud metadata, ARM tokens for the classic resource id,
// Entra's errors for unknown scopes, the device authorization grant and the Microsoft public clients with
// loopback redirects, case-insensitive identity ids on PATCH, Retry-After on operation status.
import { decodeJwt } from 'jose';
import { describe, expect, inject, it } from 'vitest';
import { AZURE_CLI_CLIENT_ID, PUBLIC_CLIENTS, SUBSCRIPTIONS, USERS } from '../src/world/identities.ts';
import { SEED, identityIdOf } from '../src/world/seed.ts';
import { completeDeviceCode, getAppToken, getUserToken } from '../testing/tokens.ts';
import { arm, userToken } from '../testing/harness.ts';
import { armSession, templatePath, until, type Rec } from '../testing/session.ts';
import { UBUNTU_2204, managedImage } from '../testing/templates.ts';

const info = inject('localAzure');
const DEV = SUBSCRIPTIONS.dev.subscriptionId;
const CLI_SCOPE = 'https://management.core.windows.net//.default';
const idpOrigin = new URL(info.issuer).origin;

async function tokenRequest(form: Record<string, string>): Promise<{ status: number; json: Rec }> {
  const res = await fetch(info.tokenEndpoint, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(form).toString(),
  });
  return { status: res.status, json: (await res.json()) as Rec };
}

describe('cloud metadata (GET /metadata/endpoints)', () => {
  it('answers without a token, in the classic shape `az cloud register` reads', async () => {
    const r = await arm(info, null, 'GET', '/metadata/endpoints?api-version=2015-01-01');
    expect(r.status).toBe(200);
    const body = r.json as { authentication: { loginEndpoint: string; audiences: string[] } };
    expect(body.authentication.loginEndpoint).toBe(`${idpOrigin}/adfs`);
    expect(body.authentication.audiences[0]).toBe('https://management.core.windows.net/');
    expect(body).toHaveProperty('graphEndpoint');
  });

  it('lists the cloud (2019-05-01) and answers the current cloud alone (2022-09-01)', async () => {
    const list = await arm(info, null, 'GET', '/metadata/endpoints?api-version=2019-05-01');
    expect(list.status).toBe(200);
    const clouds = list.json as { name: string; resourceManager: string }[];
    expect(clouds).toHaveLength(1);
    expect(clouds[0]?.resourceManager).toBe(`${info.arm}/`);
    const one = await arm(info, null, 'GET', '/metadata/endpoints?api-version=2022-09-01');
    expect(one.status).toBe(200);
    expect(one.json).toMatchObject({ name: 'LocalAzure', resourceManager: `${info.arm}/` });
  });

  it('wants an api-version like every ARM endpoint', async () => {
    const r = await arm(info, null, 'GET', '/metadata/endpoints');
    expect(r.status).toBe(400);
    expect((r.json as { error: { code: string } }).error.code).toBe('MissingApiVersionParameter');
    const bad = await arm(info, null, 'GET', '/metadata/endpoints?api-version=2001-01-01');
    expect(bad.status).toBe(400);
    expect((bad.json as { error: { code: string } }).error.code).toBe('InvalidApiVersionParameter');
  });

  it('the login endpoint it names leads to the tenant (AD FS form of the authority)', async () => {
    const res = await fetch(`${idpOrigin}/adfs/.well-known/openid-configuration`);
    expect(res.status).toBe(200);
    const doc = (await res.json()) as Rec;
    expect(doc.issuer).toBe(info.issuer);
    expect(doc.token_endpoint).toBe(info.tokenEndpoint);
    expect(doc.device_authorization_endpoint).toBe(`${info.issuer}/device/auth`);
  });
});

describe("tokens for Resource Manager under its classic id (the Azure CLI's default resource)", () => {
  it('client_credentials for https://management.core.windows.net//.default is an ARM JWT that ARM accepts', async () => {
    const t = await getAppToken({
      tokenEndpoint: info.tokenEndpoint,
      clientId: info.automation.clientId,
      clientSecret: info.automation.clientSecret,
      scope: CLI_SCOPE,
    });
    const claims = decodeJwt(t.accessToken);
    expect(claims.aud).toBe('https://management.core.windows.net/');
    expect(claims.iss).toBe(info.issuer);
    expect(claims.oid).toBe(info.automation.objectId);
    const r = await arm(info, t.accessToken, 'GET', '/subscriptions?api-version=2022-12-01');
    expect(r.status).toBe(200);
  });

  it('an unknown resource is refused with invalid_resource, never an opaque token', async () => {
    const r = await tokenRequest({
      grant_type: 'client_credentials',
      client_id: info.automation.clientId,
      client_secret: info.automation.clientSecret,
      scope: 'https://graph.microsoft.com/.default',
    });
    expect(r.status).toBe(400);
    expect(r.json.error).toBe('invalid_resource');
    expect(String(r.json.error_description)).toMatch(
      /^AADSTS500011: The resource principal named https:\/\/graph\.microsoft\.com was not found/,
    );
    expect(r.json).not.toHaveProperty('access_token');
  });

  it('an unknown permission or a bare word is invalid_scope', async () => {
    for (const scope of ['https://management.azure.com/Directory.Read', 'User.Read']) {
      const r = await tokenRequest({
        grant_type: 'client_credentials',
        client_id: info.automation.clientId,
        client_secret: info.automation.clientSecret,
        scope,
      });
      expect(r.status, scope).toBe(400);
      expect(r.json.error, scope).toBe('invalid_scope');
      expect(r.json, scope).not.toHaveProperty('access_token');
    }
  });

  it("the app's own path is unchanged: user_impersonation on https://management.azure.com", async () => {
    const t = await userToken(info, 'ava');
    const claims = decodeJwt(t.accessToken);
    expect(claims.aud).toBe('https://management.azure.com');
    expect(claims.scp).toBe('user_impersonation');
  });
});

describe('people sign in from the Azure CLI and Azure PowerShell', () => {
  it('device authorization grant with the Azure CLI client id: code, browser sign-in, token', async () => {
    const res = await fetch(`${info.issuer}/device/auth`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        client_id: AZURE_CLI_CLIENT_ID,
        scope: `${CLI_SCOPE} openid profile offline_access`,
      }).toString(),
    });
    expect(res.status).toBe(200);
    const flow = (await res.json()) as {
      device_code: string;
      user_code: string;
      verification_uri: string;
      message: string;
    };
    expect(flow.message).toBe(
      `To sign in, use a web browser to open the page ${flow.verification_uri} and enter the code ${flow.user_code} to authenticate.`,
    );
    const grant = {
      grant_type: 'urn:ietf:params:oauth:grant-type:device_code',
      client_id: AZURE_CLI_CLIENT_ID,
    };
    const pending = await tokenRequest({ ...grant, device_code: flow.device_code });
    expect(pending.json.error).toBe('authorization_pending');
    await completeDeviceCode({
      verificationUri: flow.verification_uri,
      userCode: flow.user_code,
      username: USERS.reader.username,
      password: USERS.reader.password,
    });
    const done = await tokenRequest({ ...grant, device_code: flow.device_code });
    expect(done.status).toBe(200);
    const claims = decodeJwt(String(done.json.access_token));
    expect(claims).toMatchObject({
      aud: 'https://management.core.windows.net/',
      iss: info.issuer,
      oid: USERS.reader.objectId,
      preferred_username: USERS.reader.username,
      scp: 'user_impersonation',
    });
    expect(typeof done.json.refresh_token).toBe('string');
    // The reader sees what the reader may see: Contoso Prod only.
    const subs = await arm(
      info,
      String(done.json.access_token),
      'GET',
      '/subscriptions?api-version=2022-12-01',
    );
    expect((subs.json as { value: { displayName: string }[] }).value.map((s) => s.displayName)).toEqual([
      'Contoso Prod',
    ]);
  });

  it('a wrong code is refused on the page', async () => {
    const page = await fetch(`${info.issuer}/device`);
    expect(page.status).toBe(200);
    await expect(
      completeDeviceCode({
        verificationUri: `${info.issuer}/device`,
        userCode: 'BCDF-GHJK',
        username: USERS.owner.username,
        password: USERS.owner.password,
      }),
    ).rejects.toThrow(/not valid or has expired/);
  });

  it.each(PUBLIC_CLIENTS.map((c) => [c.name, c.clientId]))(
    '%s: authorization code with a loopback redirect on any port',
    async (_name, clientId) => {
      const port = 40_000 + Math.floor(Math.random() * 20_000);
      const t = await getUserToken({
        authority: info.authority,
        username: USERS.owner.username,
        password: USERS.owner.password,
        clientId,
        redirectUri: `http://localhost:${port}`,
        scope: `${CLI_SCOPE} openid profile offline_access`,
      });
      expect(decodeJwt(t.accessToken)).toMatchObject({
        aud: 'https://management.core.windows.net/',
        oid: USERS.owner.objectId,
      });
      const r = await arm(info, t.accessToken, 'GET', `/subscriptions/${DEV}?api-version=2022-12-01`);
      expect(r.status).toBe(200);
    },
  );

  it('the SPA client keeps its exact redirect URIs (no loopback wildcard)', async () => {
    await expect(
      getUserToken({
        authority: info.authority,
        username: USERS.owner.username,
        password: USERS.owner.password,
        clientId: info.spaClientId,
        redirectUri: 'http://localhost:45678',
      }),
    ).rejects.toThrow();
  });
});

describe('Image Builder for the CLI', () => {
  const session = armSession(info, () => token);
  let token = '';
  const name = 'cli-identity-casing';
  const path = templatePath(DEV, SEED.imagesRg, name);
  const identity = identityIdOf(SEED.identities.networking);

  it("PATCH naming the template's identity in another casing keeps one identity (ARM ids are case-insensitive)", async () => {
    token = (await userToken(info, 'ava')).accessToken;
    const put = await session.arm('PUT', path, '2022-02-14', {
      location: 'eastus',
      identity: { type: 'UserAssigned', userAssignedIdentities: { [identity]: {} } },
      properties: {
        source: UBUNTU_2204,
        distribute: [managedImage(SEED.imagesRg, 'cli-casing')],
      },
    });
    expect(put.status).toBe(201);
    await until(
      () => session.arm('GET', path, '2022-02-14'),
      (r) => (r.body.properties as Rec | undefined)?.provisioningState === 'Succeeded',
      40_000,
      'provisioning',
    );
    const upper = identity
      .toUpperCase()
      .replace('/PROVIDERS/MICROSOFT.MANAGEDIDENTITY/', '/providers/Microsoft.ManagedIdentity/');
    const patch = await session.arm('PATCH', path, '2022-02-14', {
      identity: { type: 'UserAssigned', userAssignedIdentities: { [upper]: {} } },
    });
    expect(patch.status).toBe(202);
    const after = await until(
      () => session.arm('GET', path, '2022-02-14'),
      (r) => (r.body.properties as Rec | undefined)?.provisioningState === 'Succeeded',
      40_000,
      'update',
    );
    const uai = (after.body.identity as { userAssignedIdentities: Rec }).userAssignedIdentities;
    expect(Object.keys(uai)).toHaveLength(1);
    expect(Object.keys(uai)[0]?.toLowerCase()).toBe(identity.toLowerCase());
  });

  it('operation status carries Retry-After while running, scaled by the time scale', async () => {
    token = (await userToken(info, 'ava')).accessToken;
    await session.control('POST', 'hold', { template: path, phase: 'Building' });
    try {
      const run = await session.arm('POST', `${path}/run`, '2022-02-14');
      expect(run.status).toBe(202);
      const status = await session.arm('GET', run.headers.get('azure-asyncoperation') ?? '');
      expect(status.body.status).toBe('InProgress');
      expect(status.headers.get('retry-after')).toBe(String(Math.max(1, Math.round(15 / info.speed))));
    } finally {
      await session.control('DELETE', 'hold');
      await session.arm('POST', `${path}/cancel`, '2022-02-14');
    }
  });
});

describe('api-versions the Azure CLI uses, as Azure publishes them', () => {
  it.each([
    [
      'Network 2021-08-01',
      `/subscriptions/${DEV}/providers/Microsoft.Network/virtualNetworks?api-version=2021-08-01`,
    ],
    [
      'Network 2022-01-01',
      `/subscriptions/${DEV}/providers/Microsoft.Network/virtualNetworks?api-version=2022-01-01`,
    ],
    [
      'Network 2023-04-01',
      `/subscriptions/${DEV}/providers/Microsoft.Network/virtualNetworks?api-version=2023-04-01`,
    ],
    [
      'galleries 2021-10-01',
      `/subscriptions/${DEV}/providers/Microsoft.Compute/galleries?api-version=2021-10-01`,
    ],
    ['images 2022-11-01', `/subscriptions/${DEV}/providers/Microsoft.Compute/images?api-version=2022-11-01`],
    [
      'role definitions 2022-05-01-preview',
      `/subscriptions/${DEV}/providers/Microsoft.Authorization/roleDefinitions?api-version=2022-05-01-preview`,
    ],
  ])('%s is accepted', async (_name, path) => {
    const token = (await userToken(info, 'ava')).accessToken;
    const r = await arm(info, token, 'GET', path);
    expect(r.status, r.text).toBe(200);
  });
});
