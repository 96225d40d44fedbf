// RBAC for each demo user, through the SDK clients and raw calls: what they see, what they may do, and
// ARM's 403 text.
import { SubscriptionClient } from '@azure/arm-resources-subscriptions';
import { ResourceManagementClient } from '@azure/arm-resources';
import { AuthorizationManagementClient } from '@azure/arm-authorization';
import { describe, expect, inject, it } from 'vitest';
import { SUBSCRIPTIONS, USERS, AUTOMATION_CLIENT } from '../src/world/identities.ts';
import { staticCredential } from '../testing/tokens.ts';
import { appToken, arm, clientOptions, userToken, type DemoUserKey } from '../testing/harness.ts';

const info = inject('localAzure');
const DEV = SUBSCRIPTIONS.dev.subscriptionId;
const PROD = SUBSCRIPTIONS.prod.subscriptionId;

async function subsOf(who: DemoUserKey | 'app'): Promise<string[]> {
  const t = who === 'app' ? await appToken(info) : await userToken(info, who);
  const client = new SubscriptionClient(staticCredential(t), clientOptions(info));
  const out: string[] = [];
  for await (const s of client.subscriptions.list()) out.push(s.displayName ?? '');
  return out.sort();
}

async function rgNames(who: DemoUserKey, sub: string): Promise<string[]> {
  const client = new ResourceManagementClient(
    staticCredential(await userToken(info, who)),
    sub,
    clientOptions(info),
  );
  const out: string[] = [];
  for await (const g of client.resourceGroups.list()) out.push(g.name ?? '');
  return out;
}

function denied(who: { username: string; objectId: string }, action: string, scope: string): string {
  return `The client '${who.username}' with object id '${who.objectId}' does not have authorization to perform action '${action}' over scope '${scope}' or the scope is invalid. If access was recently granted, please refresh your credentials.`;
}

describe('subscriptions each principal can see', () => {
  it.each([
    ['ava', ['Contoso Dev', 'Contoso Prod']],
    ['rey', ['Contoso Prod']],
    ['cole', ['Contoso Dev']],
    ['nia', []],
    ['app', ['Contoso Dev', 'Contoso Prod']],
  ] as const)('%s sees %j', async (who, expected) => {
    expect(await subsOf(who)).toEqual(expected);
  });

  it('a subscription the caller cannot see is not found', async () => {
    const client = new SubscriptionClient(
      staticCredential(await userToken(info, 'nia')),
      clientOptions(info),
    );
    await expect(client.subscriptions.get(DEV)).rejects.toMatchObject({
      statusCode: 404,
      code: 'SubscriptionNotFound',
    });
  });
});

describe('Ava (Owner of both)', () => {
  it('creates and deletes resource groups and role assignments', async () => {
    const t = await userToken(info, 'ava');
    const res = new ResourceManagementClient(staticCredential(t), PROD, clientOptions(info));
    const g = await res.resourceGroups.createOrUpdate('rg-rbac-ava', { location: 'westeurope' });
    expect(g.name).toBe('rg-rbac-ava');
    const auth = new AuthorizationManagementClient(staticCredential(t), PROD, clientOptions(info));
    const scope = `/subscriptions/${PROD}/resourceGroups/rg-rbac-ava`;
    const name = '0a1b2c3d-1111-4222-8333-444455556666';
    await auth.roleAssignments.create(scope, name, {
      roleDefinitionId: `/subscriptions/${PROD}/providers/Microsoft.Authorization/roleDefinitions/acdd72a7-3385-48ef-bd42-f606fba81ae7`,
      principalId: USERS.nobody.objectId,
      principalType: 'User',
    });
    expect(await subsOf('nia')).toEqual(['Contoso Prod']);
    await auth.roleAssignments.delete(scope, name);
    expect(await subsOf('nia')).toEqual([]);
  });
});

describe('Rey (Reader of Prod)', () => {
  it('reads Prod but may not write there: 403 AuthorizationFailed in ARM words', async () => {
    expect((await rgNames('rey', PROD)).length).toBeGreaterThan(0);
    const t = (await userToken(info, 'rey')).accessToken;
    const r = await arm(
      info,
      t,
      'PUT',
      `/subscriptions/${PROD}/resourcegroups/rg-rey?api-version=2025-04-01`,
      { body: { location: 'eastus' } },
    );
    expect(r.status).toBe(403);
    expect(r.json).toEqual({
      error: {
        code: 'AuthorizationFailed',
        message: denied(
          USERS.reader,
          'Microsoft.Resources/subscriptions/resourceGroups/write',
          `/subscriptions/${PROD}/resourceGroups/rg-rey`,
        ),
      },
    });
  });

  it('sees nothing of Dev', async () => {
    expect(await rgNames('rey', DEV)).toEqual([]);
    const t = (await userToken(info, 'rey')).accessToken;
    const r = await arm(
      info,
      t,
      'GET',
      `/subscriptions/${DEV}/resourcegroups/rg-images-team?api-version=2025-04-01`,
    );
    expect(r.status).toBe(403);
  });
});

describe('Cole (Contributor of rg-images-team in Dev)', () => {
  it('lists only his resource group, and only its resources', async () => {
    expect(await rgNames('cole', DEV)).toEqual(['rg-images-team']);
    const client = new ResourceManagementClient(
      staticCredential(await userToken(info, 'cole')),
      DEV,
      clientOptions(info),
    );
    const ids: string[] = [];
    for await (const r of client.resources.list()) ids.push(r.id ?? '');
    expect(ids.length).toBeGreaterThan(0);
    for (const id of ids) expect(id.toLowerCase()).toContain('/resourcegroups/rg-images-team/');
  });

  it('may not read other groups or create new ones', async () => {
    const t = (await userToken(info, 'cole')).accessToken;
    const r = await arm(
      info,
      t,
      'GET',
      `/subscriptions/${DEV}/resourcegroups/rg-images?api-version=2025-04-01`,
    );
    expect(r.status).toBe(403);
    expect((r.json as { error: { message: string } }).error.message).toBe(
      denied(
        USERS.contributor,
        'Microsoft.Resources/subscriptions/resourceGroups/read',
        `/subscriptions/${DEV}/resourceGroups/rg-images`,
      ),
    );
    const list = await arm(
      info,
      t,
      'GET',
      `/subscriptions/${DEV}/resourceGroups/rg-images/resources?api-version=2025-04-01`,
    );
    expect(list.status).toBe(403);
    expect((list.json as { error: { message: string } }).error.message).toBe(
      denied(
        USERS.contributor,
        'Microsoft.Resources/subscriptions/resourceGroups/resources/read',
        `/subscriptions/${DEV}/resourceGroups/rg-images`,
      ),
    );
    const w = await arm(
      info,
      t,
      'PUT',
      `/subscriptions/${DEV}/resourcegroups/rg-cole-new?api-version=2025-04-01`,
      { body: { location: 'eastus' } },
    );
    expect(w.status).toBe(403);
  });

  it('may not assign roles (Contributor notActions)', async () => {
    const auth = new AuthorizationManagementClient(
      staticCredential(await userToken(info, 'cole')),
      DEV,
      clientOptions(info),
    );
    const scope = `/subscriptions/${DEV}/resourceGroups/rg-images-team`;
    await expect(
      auth.roleAssignments.create(scope, '0a1b2c3d-2222-4222-8333-444455556666', {
        roleDefinitionId: `/subscriptions/${DEV}/providers/Microsoft.Authorization/roleDefinitions/acdd72a7-3385-48ef-bd42-f606fba81ae7`,
        principalId: USERS.nobody.objectId,
      }),
    ).rejects.toMatchObject({ statusCode: 403, code: 'AuthorizationFailed' });
  });

  it('gets his effective permissions from Microsoft.Authorization/permissions', async () => {
    const auth = new AuthorizationManagementClient(
      staticCredential(await userToken(info, 'cole')),
      DEV,
      clientOptions(info),
    );
    const perms = [];
    for await (const p of auth.permissions.listForResourceGroup('rg-images-team')) perms.push(p);
    expect(perms).toHaveLength(1);
    expect(perms[0]?.actions).toEqual(['*']);
    expect(perms[0]?.notActions).toContain('Microsoft.Authorization/*/Write');
    const none = [];
    for await (const p of auth.permissions.listForResourceGroup('rg-images')) none.push(p);
    expect(none).toEqual([]);
  });
});

describe('Nia (no subscription)', () => {
  it('is refused writes everywhere', async () => {
    const t = (await userToken(info, 'nia')).accessToken;
    const r = await arm(
      info,
      t,
      'PUT',
      `/subscriptions/${DEV}/resourcegroups/rg-nia?api-version=2025-04-01`,
      { body: { location: 'eastus' } },
    );
    expect(r.status).toBe(403);
    expect(await rgNames('nia', DEV)).toEqual([]);
  });
});

describe('automation service principal', () => {
  it('is named by client id in 403s and Activity Log, and holds Owner of both subscriptions', async () => {
    const auth = new AuthorizationManagementClient(
      staticCredential(await appToken(info)),
      DEV,
      clientOptions(info),
    );
    const mine = [];
    for await (const a of auth.roleAssignments.listForSubscription({
      filter: `principalId eq '${AUTOMATION_CLIENT.objectId}'`,
    }))
      mine.push(a);
    expect(mine).toHaveLength(1);
    expect(mine[0]?.roleDefinitionId).toMatch(/8e3af657-a8ff-443c-a75c-2fe8c4bcb635$/);
  });
});
