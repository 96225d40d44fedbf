// Microsoft.Authorization through @azure/arm-authorization: role assignments ($filter atScope(),
// principalId eq), role definitions (built-in and custom, PUT), permissions at RG and resource scope.
import { AuthorizationManagementClient } from '@azure/arm-authorization';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { SUBSCRIPTIONS, USERS } from '../src/world/identities.ts';
import { staticCredential } from '../testing/tokens.ts';
import { arm, clientOptions, userToken } from '../testing/harness.ts';

const info = inject('localAzure');
const DEV = SUBSCRIPTIONS.dev.subscriptionId;
const SUB = `/subscriptions/${DEV}`;
const READER = 'acdd72a7-3385-48ef-bd42-f606fba81ae7';
let auth: AuthorizationManagementClient;
let token = '';

async function all<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
}

beforeAll(async () => {
  const t = await userToken(info, 'ava');
  token = t.accessToken;
  auth = new AuthorizationManagementClient(staticCredential(t), DEV, clientOptions(info));
});

describe('role assignments', () => {
  it('list at subscription scope: at, above and below by default; atScope() keeps at-or-above', async () => {
    const every = await all(auth.roleAssignments.listForScope(SUB));
    expect(every.some((a) => a.scope === `${SUB}/resourceGroups/rg-images-team`)).toBe(true);
    const atScope = await all(auth.roleAssignments.listForScope(SUB, { filter: 'atScope()' }));
    expect(atScope.length).toBeGreaterThan(0);
    for (const a of atScope) expect(a.scope).toBe(SUB);
    const cole = await all(
      auth.roleAssignments.listForScope(`${SUB}/resourceGroups/rg-images-team`, {
        filter: `principalId eq '${USERS.contributor.objectId}'`,
      }),
    );
    expect(cole).toHaveLength(1);
    expect(cole[0]).toMatchObject({
      principalId: USERS.contributor.objectId,
      principalType: 'User',
      roleDefinitionId: `${SUB}/providers/Microsoft.Authorization/roleDefinitions/b24988ac-6180-42a0-ab88-20f7382dd24c`,
      type: 'Microsoft.Authorization/roleAssignments',
    });
  });

  it('lists for a resource group and a resource (inherited included)', async () => {
    const rg = await all(auth.roleAssignments.listForResourceGroup('rg-images-team'));
    expect(rg.some((a) => a.principalId === USERS.owner.objectId)).toBe(true);
    expect(rg.some((a) => a.principalId === USERS.contributor.objectId)).toBe(true);
  });

  it('creates, gets, refuses a duplicate and deletes', async () => {
    const scope = `${SUB}/resourceGroups/rg-images-team`;
    const name = '5e6f7a8b-0000-4000-8000-0000000000aa';
    const created = await auth.roleAssignments.create(scope, name, {
      roleDefinitionId: `${SUB}/providers/Microsoft.Authorization/roleDefinitions/${READER}`,
      principalId: USERS.reader.objectId,
      principalType: 'User',
    });
    expect(created).toMatchObject({ name, scope, principalId: USERS.reader.objectId });
    expect((await auth.roleAssignments.get(scope, name)).id).toBe(
      `${scope}/providers/Microsoft.Authorization/roleAssignments/${name}`,
    );
    await expect(
      auth.roleAssignments.create(scope, '5e6f7a8b-0000-4000-8000-0000000000ab', {
        roleDefinitionId: `${SUB}/providers/Microsoft.Authorization/roleDefinitions/${READER}`,
        principalId: USERS.reader.objectId,
      }),
    ).rejects.toMatchObject({ statusCode: 409, code: 'RoleAssignmentExists' });
    const deleted = await auth.roleAssignments.delete(scope, name);
    expect(deleted.name).toBe(name);
    await expect(auth.roleAssignments.get(scope, name)).rejects.toMatchObject({
      statusCode: 404,
      code: 'RoleAssignmentNotFound',
    });
  });

  it('validates the name and the role definition', async () => {
    const scope = `${SUB}/resourceGroups/rg-images-team`;
    const bad = await arm(
      info,
      token,
      'PUT',
      `${scope}/providers/Microsoft.Authorization/roleAssignments/not-a-guid?api-version=2022-04-01`,
      {
        body: { properties: { roleDefinitionId: READER, principalId: USERS.reader.objectId } },
      },
    );
    expect(bad.status).toBe(400);
    expect((bad.json as { error: { code: string } }).error.code).toBe('InvalidRoleAssignmentId');
    await expect(
      auth.roleAssignments.create(scope, '5e6f7a8b-0000-4000-8000-0000000000ac', {
        roleDefinitionId: `${SUB}/providers/Microsoft.Authorization/roleDefinitions/00000000-0000-4000-8000-000000000000`,
        principalId: USERS.reader.objectId,
      }),
    ).rejects.toMatchObject({ statusCode: 400, code: 'RoleDefinitionDoesNotExist' });
  });
});

describe('role definitions', () => {
  it('lists built-in and custom roles, filters by roleName, gets by id', async () => {
    const defs = await all(auth.roleDefinitions.list(SUB));
    const names = defs.map((d) => d.roleName);
    expect(names).toEqual(
      expect.arrayContaining([
        'Owner',
        'Contributor',
        'Reader',
        'Azure Image Builder Service Networking Role',
      ]),
    );
    const [reader] = await all(auth.roleDefinitions.list(SUB, { filter: "roleName eq 'Reader'" }));
    expect(reader).toMatchObject({
      id: `${SUB}/providers/Microsoft.Authorization/roleDefinitions/${READER}`,
      roleType: 'BuiltInRole',
    });
    expect(reader?.permissions?.[0]?.actions).toEqual(['*/read']);
    const net = (await all(auth.roleDefinitions.list(SUB, { filter: "type eq 'CustomRole'" }))).find(
      (d) => d.roleName === 'Azure Image Builder Service Networking Role',
    );
    expect(net?.permissions?.[0]?.actions).toEqual([
      'Microsoft.Network/virtualNetworks/read',
      'Microsoft.Network/virtualNetworks/subnets/join/action',
    ]);
    const got = await auth.roleDefinitions.get(SUB, READER);
    expect(got.roleName).toBe('Reader');
    await expect(auth.roleDefinitions.get(SUB, '00000000-0000-4000-8000-000000000000')).rejects.toMatchObject(
      { statusCode: 404 },
    );
  });

  it('creates and updates a custom role (PUT), refusing a duplicate name and built-in changes', async () => {
    const id = '7a7a7a7a-0000-4000-8000-000000000001';
    const made = await auth.roleDefinitions.createOrUpdate(SUB, id, {
      roleName: 'Kiln Template Runner',
      description: 'Runs image builds',
      roleType: 'CustomRole',
      permissions: [
        {
          actions: [
            'Microsoft.VirtualMachineImages/imageTemplates/read',
            'Microsoft.VirtualMachineImages/imageTemplates/run/action',
          ],
          notActions: [],
        },
      ],
      assignableScopes: [SUB],
    });
    expect(made).toMatchObject({ name: id, roleName: 'Kiln Template Runner', roleType: 'CustomRole' });
    const updated = await auth.roleDefinitions.createOrUpdate(SUB, id, {
      roleName: 'Kiln Template Runner',
      permissions: [{ actions: ['Microsoft.VirtualMachineImages/imageTemplates/*'] }],
      assignableScopes: [SUB],
    });
    expect(updated.permissions?.[0]?.actions).toEqual(['Microsoft.VirtualMachineImages/imageTemplates/*']);
    await expect(
      auth.roleDefinitions.createOrUpdate(SUB, '7a7a7a7a-0000-4000-8000-000000000002', {
        roleName: 'Kiln Template Runner',
        permissions: [{ actions: ['*/read'] }],
        assignableScopes: [SUB],
      }),
    ).rejects.toMatchObject({ statusCode: 409, code: 'RoleDefinitionWithSameNameExists' });
    await expect(
      auth.roleDefinitions.createOrUpdate(SUB, READER, {
        roleName: 'Reader',
        permissions: [{ actions: ['*'] }],
        assignableScopes: [SUB],
      }),
    ).rejects.toMatchObject({ statusCode: 403 });
    await auth.roleDefinitions.delete(SUB, id);
    await expect(auth.roleDefinitions.get(SUB, id)).rejects.toMatchObject({ statusCode: 404 });
  });
});

describe('permissions', () => {
  it('answers the caller’s effective permissions for a resource group and a resource', async () => {
    const rg = await all(auth.permissions.listForResourceGroup('rg-networking'));
    expect(rg).toEqual([{ actions: ['*'], notActions: [], dataActions: [], notDataActions: [] }]);
    const vnets = await arm(
      info,
      token,
      'GET',
      `${SUB}/resourceGroups/rg-networking/resources?api-version=2025-04-01&$filter=resourceType eq 'Microsoft.Network/virtualNetworks'`,
    );
    const vnet = (vnets.json as { value: { name: string }[] }).value[0];
    const res = await all(
      auth.permissions.listForResource(
        'rg-networking',
        'Microsoft.Network',
        '',
        'virtualNetworks',
        vnet?.name ?? '',
      ),
    );
    expect(res[0]?.actions).toEqual(['*']);
    const reyAuth = new AuthorizationManagementClient(
      staticCredential(await userToken(info, 'rey')),
      DEV,
      clientOptions(info),
    );
    expect(await all(reyAuth.permissions.listForResourceGroup('rg-networking'))).toEqual([]);
  });
});
