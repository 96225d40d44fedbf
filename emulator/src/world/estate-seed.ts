// The estate seed (`POST /_local/seed` with `subscriptions`): N new subscriptions ("Estate 000"…) with
// M image templates spread over them (three resource groups each), every template with its AIB
// staging group, and a realistic share of what Image Builder leaves behind:
// - orphaned staging groups: `IT_…` groups with AIB's tags (createdBy, imageTemplateName,
//   imageTemplateResourceGroupName) naming a template that no longer exists, holding its storage account;
// - stuck cancels: templates whose last run has been Canceling since hours ago;
// - stale staging groups: a build that ended hours ago whose staging group still holds the build VM,
//   its NIC and OS disk.
// Role assignments: Ava (Owner demo user) and the automation client own every estate subscription;
// Rey (Reader demo user) reads every third one. Deterministic (ids from stable hashes); no blob writes,
// so seeding 500 subscriptions × 20,000 templates takes well under a second of world writes.
import type { ArmResource, World } from '../core/types.ts';
import { adoptInto, scanWorld } from '../core/scan.ts';
import { Authorizer } from '../auth/rbac.ts';
import { ROLE_IDS } from '../auth/roles.ts';
import { resetTemplateIndex } from '../providers/imagebuilder/template-index.ts';
import { AUTOMATION_CLIENT, TENANT_ID, USERS } from './identities.ts';
import { addRoleAssignment, stableGuid } from './platform-seed.ts';

export const ESTATE_MAX_SUBSCRIPTIONS = 500;
export const ESTATE_MAX_TEMPLATES = 20_000;
const LOCATION = 'eastus';
const TEMPLATE_TYPE = 'Microsoft.VirtualMachineImages/imageTemplates';
const GROUPS_PER_SUBSCRIPTION = 3;
const HOUR = 3_600_000;

export interface EstateSummary {
  subscriptions: number;
  templates: number;
  orphanedStagingGroups: number;
  stuckCancels: number;
  staleStagingGroups: number;
  /** Subscriptions Rey (the Reader demo user) may read. */
  readerSubscriptions: number;
  /**
   * Image templates in the whole world (seed and estate) each demo user may read, by user name — what a
   * complete list shows them, by local Azure's own RBAC.
   */
  templatesVisibleTo: Record<string, number>;
  ms: number;
}

/** How many image templates in the world `principalId` may read (`imageTemplates/read` at it or above). */
export function readableTemplates(world: World, principalId: string): number {
  const authz = new Authorizer(world, principalId);
  const action = `${TEMPLATE_TYPE}/read`;
  // With no assignment below a resource group, a template reads as its group does: one check per group.
  const deep = authz.roleSummaries().some((a) => a.scope.split('/').filter(Boolean).length > 4);
  const byGroup = new Map<string, boolean>();
  let n = 0;
  scanWorld(world, '', TEMPLATE_TYPE, (t) => {
    const group = t.id.split('/').slice(0, 5).join('/').toLowerCase();
    let ok = deep ? undefined : byGroup.get(group);
    if (ok === undefined) {
      ok = authz.can(action, deep ? t.id : group);
      if (!deep) byGroup.set(group, ok);
    }
    if (ok) n++;
  });
  return n;
}

export function estateSubscriptionId(i: number): string {
  return stableGuid(`estate-subscription|${i}`);
}

export function estateSubscriptionName(i: number): string {
  return `Estate ${String(i).padStart(3, '0')}`;
}

/** Subscriptions Rey reads: every third, from the first. */
export function isReaderSubscription(i: number): boolean {
  return i % 3 === 0;
}

function putSubscription(world: World, i: number): string {
  const sub = estateSubscriptionId(i);
  world.put({
    id: `/subscriptions/${sub}`,
    name: sub,
    type: 'Microsoft.Resources/subscriptions',
    subscriptionId: sub,
    tenantId: TENANT_ID,
    displayName: estateSubscriptionName(i),
    state: 'Enabled',
    authorizationSource: 'RoleBased',
    managedByTenants: [],
    subscriptionPolicies: {
      locationPlacementId: 'Public_2014-09-01',
      quotaId: 'EnterpriseAgreement_2014-09-01',
      spendingLimit: 'Off',
    },
  });
  const scope = `/subscriptions/${sub}`;
  addRoleAssignment(world, { scope, roleDefinitionGuid: ROLE_IDS.owner, principalId: USERS.owner.objectId });
  addRoleAssignment(world, {
    scope,
    roleDefinitionGuid: ROLE_IDS.owner,
    principalId: AUTOMATION_CLIENT.objectId,
    principalType: 'ServicePrincipal',
  });
  if (isReaderSubscription(i)) {
    addRoleAssignment(world, {
      scope,
      roleDefinitionGuid: ROLE_IDS.reader,
      principalId: USERS.reader.objectId,
    });
  }
  for (let g = 0; g < GROUPS_PER_SUBSCRIPTION; g++) putGroup(world, sub, `rg-images-${g}`);
  return sub;
}

/** When the seed runs (every record's createdTime and changedTime). */
let seedTime = new Date().toISOString();

function putGroup(world: World, sub: string, name: string, tags?: Record<string, string>): string {
  const id = `/subscriptions/${sub}/resourceGroups/${name}`;
  adoptInto(
    world,
    {
      id,
      name,
      type: 'Microsoft.Resources/resourceGroups',
      location: LOCATION,
      ...(tags ? { tags } : {}),
      properties: { provisioningState: 'Succeeded' },
    },
    seedTime,
  );
  return id;
}

function stagingName(rg: string, template: string, n: number): string {
  return `IT_${rg}_${template.slice(0, 20)}_${stableGuid(`estate-staging|${n}`)}`;
}

function aibTags(template: string, rg: string): Record<string, string> {
  return {
    createdBy: 'AzureVMImageBuilder',
    imageTemplateName: template,
    imageTemplateResourceGroupName: rg,
  };
}

/** A resource in a staging group: a plain ARM record of `type` with a provisioning state. */
function putResource(
  world: World,
  groupId: string,
  type: string,
  name: string,
  extra: Partial<ArmResource> = {},
): void {
  adoptInto(
    world,
    {
      id: `${groupId}/providers/${type}/${name}`,
      name,
      type,
      location: LOCATION,
      ...extra,
      properties: { provisioningState: 'Succeeded', ...(extra.properties ?? {}) },
    },
    seedTime,
  );
}

type RunKind = 'never' | 'succeeded' | 'failed' | 'canceling' | 'stale';

function lastRun(kind: RunKind, j: number, now: number): Record<string, string> | undefined {
  if (kind === 'never') return undefined;
  if (kind === 'canceling') {
    return {
      runState: 'Canceling',
      runSubState: 'Customizing',
      startTime: new Date(now - (3 + (j % 5)) * HOUR).toISOString(),
      endTime: '0001-01-01T00:00:00Z',
      message: '',
    };
  }
  const start = now - (kind === 'stale' ? 6 * HOUR : (2 + (j % 700)) * HOUR);
  const end = start + (18 + (j % 30)) * 60_000;
  return {
    runState: kind === 'failed' ? 'Failed' : 'Succeeded',
    ...(kind === 'failed' ? { runSubState: 'Customizing' } : {}),
    startTime: new Date(start).toISOString(),
    endTime: new Date(end).toISOString(),
    message: kind === 'failed' ? 'Failed while customizing: the script exited with code 1.' : '',
  };
}

function putTemplate(
  world: World,
  sub: string,
  rg: string,
  name: string,
  staging: string,
  run: Record<string, string> | undefined,
): void {
  const id = `/subscriptions/${sub}/resourcegroups/${rg}/providers/${TEMPLATE_TYPE}/${name}`;
  const windows = name.endsWith('0');
  adoptInto(
    world,
    {
      id,
      name,
      type: TEMPLATE_TYPE,
      location: LOCATION,
      // Image Builder requires a user-assigned identity on every template (its clients refuse one without).
      identity: {
        type: 'UserAssigned',
        userAssignedIdentities: {
          [`/subscriptions/${sub}/resourcegroups/${rg}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id-aib-builder`]:
            {
              principalId: stableGuid(`estate-identity-principal|${sub}|${rg}`),
              clientId: stableGuid(`estate-identity-client|${sub}|${rg}`),
            },
        },
      },
      properties: {
        source: windows
          ? {
              type: 'PlatformImage',
              publisher: 'MicrosoftWindowsServer',
              offer: 'WindowsServer',
              sku: '2022-datacenter-azure-edition',
              version: 'latest',
            }
          : {
              type: 'PlatformImage',
              publisher: 'Canonical',
              offer: '0001-com-ubuntu-server-jammy',
              sku: '22_04-lts-gen2',
              version: 'latest',
            },
        customize: [],
        distribute: [
          {
            type: 'ManagedImage',
            imageId: `/subscriptions/${sub}/resourceGroups/${rg}/providers/Microsoft.Compute/images/${name}`,
            location: LOCATION,
            runOutputName: name,
          },
        ],
        buildTimeoutInMinutes: 0,
        vmProfile: { vmSize: '', osDiskSizeGB: 0 },
        stagingResourceGroup: '',
        exactStagingResourceGroup: staging,
        provisioningState: 'Succeeded',
        ...(run ? { lastRunStatus: run } : {}),
      },
    },
    seedTime,
  );
}

/** Which leftover (if any) template `j` of `m` is: a few of each kind, spread over the estate. */
function runKindOf(j: number, m: number, cancels: number, stale: number): RunKind {
  const every = (count: number): number => Math.max(1, Math.floor(m / Math.max(1, count)));
  if (cancels > 0 && j % every(cancels) === 1 && Math.floor(j / every(cancels)) < cancels) return 'canceling';
  if (stale > 0 && j % every(stale) === 2 && Math.floor(j / every(stale)) < stale) return 'stale';
  return (['never', 'succeeded', 'failed', 'succeeded'] as const)[j % 4] ?? 'never';
}

function putStaleContents(world: World, groupId: string, name: string): void {
  putResource(world, groupId, 'Microsoft.Compute/virtualMachines', `vm${name}`.slice(0, 15));
  putResource(world, groupId, 'Microsoft.Network/networkInterfaces', `nic-${name}`);
  putResource(world, groupId, 'Microsoft.Compute/disks', `osdisk-${name}`);
}

function putOrphan(world: World, sub: string, k: number): void {
  const rg = `rg-images-${k % GROUPS_PER_SUBSCRIPTION}`;
  const gone = `tpl-retired-${String(k).padStart(3, '0')}`;
  const groupId = putGroup(world, sub, stagingName(rg, gone, 1_000_000 + k), aibTags(gone, rg));
  const account = `st${stableGuid(`estate-orphan|${k}`).replace(/-/g, '').slice(0, 22)}`;
  putResource(world, groupId, 'Microsoft.Storage/storageAccounts', account, {
    kind: 'StorageV2',
    sku: { name: 'Standard_LRS', tier: 'Standard' },
  });
}

/** Adds the estate; returns what it added and how long the world writes took. */
export function seedEstate(
  world: World,
  opts: { subscriptions: number; templates: number },
  now = Date.now(),
): EstateSummary {
  const started = performance.now();
  seedTime = new Date(now).toISOString();
  const n = Math.max(1, Math.min(ESTATE_MAX_SUBSCRIPTIONS, Math.floor(opts.subscriptions)));
  const m = Math.max(0, Math.min(ESTATE_MAX_TEMPLATES, Math.floor(opts.templates)));
  const subs = Array.from({ length: n }, (_, i) => putSubscription(world, i));
  const cancels = m > 0 ? Math.max(1, Math.ceil(n / 250)) : 0;
  const stale = m > 0 ? Math.max(1, Math.round(n / 50)) : 0;
  for (let j = 0; j < m; j++) {
    const sub = subs[j % n] ?? '';
    const rg = `rg-images-${Math.floor(j / n) % GROUPS_PER_SUBSCRIPTION}`;
    const name = `tpl-${String(j).padStart(5, '0')}`;
    const staging = putGroup(world, sub, stagingName(rg, name, j), aibTags(name, rg));
    const kind = runKindOf(j, m, cancels, stale);
    putTemplate(world, sub, rg, name, staging, lastRun(kind, j, now));
    if (kind === 'stale') putStaleContents(world, staging, name);
  }
  const orphans = Math.max(1, Math.round(n / 25));
  for (let k = 0; k < orphans; k++) putOrphan(world, subs[Math.floor((k * n) / orphans)] ?? '', k);
  resetTemplateIndex(world);
  return {
    subscriptions: n,
    templates: m,
    orphanedStagingGroups: orphans,
    stuckCancels: cancels,
    staleStagingGroups: stale,
    readerSubscriptions: subs.filter((_, i) => isReaderSubscription(i)).length,
    templatesVisibleTo: Object.fromEntries(
      [USERS.owner, USERS.reader].map((u) => [u.username, readableTemplates(world, u.objectId)]),
    ),
    ms: Math.round(performance.now() - started),
  };
}
