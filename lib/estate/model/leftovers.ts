// What Image Builder leaves behind, from Resource Graph rows (lib/azure/graph-queries.ts), as pure rules:
// - an orphaned staging group: a group AIB made (named `IT_…` or tagged imageTemplateName / createdBy
//   AzureVMImageBuilder) that no existing template names as its staging group, and whose tags do not
//   name an existing template either;
// - a stuck cancel: a template whose last run is Canceling and started more than an hour ago (AIB
//   records no cancel time; a cancel normally ends within minutes);
// - a stale staging group: a template's staging group still holding build resources (anything but
//   the storage account AIB keeps for the logs) more than an hour after its last run ended.
// And the estate's counts: templates, builds of the last 30 days by result, running now.

export const LEFTOVER_AGE_MS = 60 * 60_000;
const MONTH_MS = 30 * 24 * 60 * 60_000;

export interface TemplateInfo {
  id: string;
  name: string;
  subscriptionId: string;
  resourceGroup: string;
  runState: string | undefined;
  startTime: number | undefined;
  endTime: number | undefined;
  /** Lower-case id of the template's staging group. */
  stagingGroupKey: string | undefined;
}

export interface StagingGroupInfo {
  id: string;
  name: string;
  subscriptionId: string;
  tags: Record<string, string>;
  /** The template naming this group as its staging group (Resource Graph join), when there is one. */
  templateId: string | undefined;
}

export interface ContentInfo {
  id: string;
  name: string;
  type: string;
  /** Lower-case id of the resource's group. */
  groupKey: string;
}

export type LeftoverKind = 'orphaned-staging-group' | 'stuck-cancel' | 'stale-staging-group';

export interface Leftover {
  kind: LeftoverKind;
  /** The resource group (orphaned, stale) or the template (stuck cancel). */
  id: string;
  name: string;
  subscriptionId: string;
  why: string;
  contents: ContentInfo[];
  /** The group a clean-up deletes (orphaned staging groups only). */
  deletableGroupId: string | undefined;
}

const key = (id: string): string => id.toLowerCase().replace(/\/+$/, '');

function ago(ms: number): string {
  const h = Math.floor(ms / 3_600_000);
  return h >= 48
    ? `${Math.floor(h / 24)} days`
    : h >= 1
      ? `${h} h`
      : `${Math.max(1, Math.round(ms / 60_000))} min`;
}

function byGroup(contents: readonly ContentInfo[]): Map<string, ContentInfo[]> {
  const m = new Map<string, ContentInfo[]>();
  for (const c of contents) m.set(c.groupKey, [...(m.get(c.groupKey) ?? []), c]);
  return m;
}

function orphans(
  templates: readonly TemplateInfo[],
  groups: readonly StagingGroupInfo[],
  held: Map<string, ContentInfo[]>,
): Leftover[] {
  const byStaging = new Set(templates.map((t) => t.stagingGroupKey).filter((k): k is string => !!k));
  const byName = new Set(
    templates.map((t) => `${t.subscriptionId}|${t.resourceGroup}|${t.name}`.toLowerCase()),
  );
  const out: Leftover[] = [];
  for (const g of groups) {
    if (g.templateId || byStaging.has(key(g.id))) continue;
    const named = g.tags.imageTemplateName;
    const rg = g.tags.imageTemplateResourceGroupName;
    if (named && rg && byName.has(`${g.subscriptionId}|${rg}|${named}`.toLowerCase())) continue;
    const why = named
      ? `Made by Image Builder for template “${named}”${rg ? ` in ${rg}` : ''}, which no longer exists.`
      : 'Named like an Image Builder staging group (IT_…), and no template uses it.';
    out.push({
      kind: 'orphaned-staging-group',
      id: g.id,
      name: g.name,
      subscriptionId: g.subscriptionId,
      why,
      contents: held.get(key(g.id)) ?? [],
      deletableGroupId: g.id,
    });
  }
  return out;
}

function stuckCancels(templates: readonly TemplateInfo[], now: number): Leftover[] {
  return templates
    .filter(
      (t) => t.runState === 'Canceling' && t.startTime !== undefined && now - t.startTime > LEFTOVER_AGE_MS,
    )
    .map((t) => ({
      kind: 'stuck-cancel' as const,
      id: t.id,
      name: t.name,
      subscriptionId: t.subscriptionId,
      why: `Canceling, and its run started ${ago(now - (t.startTime ?? now))} ago.`,
      contents: [],
      deletableGroupId: undefined,
    }));
}

function isBuildResource(c: ContentInfo): boolean {
  return c.type.toLowerCase() !== 'microsoft.storage/storageaccounts';
}

function staleGroups(
  templates: readonly TemplateInfo[],
  groups: readonly StagingGroupInfo[],
  held: Map<string, ContentInfo[]>,
  now: number,
): Leftover[] {
  const names = new Map(groups.map((g) => [key(g.id), g]));
  const out: Leftover[] = [];
  for (const t of templates) {
    if (
      !t.stagingGroupKey ||
      t.endTime === undefined ||
      t.runState === 'Running' ||
      t.runState === 'Canceling'
    )
      continue;
    if (now - t.endTime <= LEFTOVER_AGE_MS) continue;
    const build = (held.get(t.stagingGroupKey) ?? []).filter(isBuildResource);
    if (build.length === 0) continue;
    const g = names.get(t.stagingGroupKey);
    out.push({
      kind: 'stale-staging-group',
      id: g?.id ?? t.stagingGroupKey,
      name: g?.name ?? t.stagingGroupKey.split('/').pop() ?? '',
      subscriptionId: t.subscriptionId,
      why: `Staging group of “${t.name}”: its build ended ${ago(now - t.endTime)} ago and ${build.length} build resource${build.length === 1 ? ' remains' : 's remain'}.`,
      contents: held.get(t.stagingGroupKey) ?? [],
      deletableGroupId: undefined,
    });
  }
  return out;
}

export function findLeftovers(input: {
  templates: readonly TemplateInfo[];
  stagingGroups: readonly StagingGroupInfo[];
  contents: readonly ContentInfo[];
  now: number;
}): Leftover[] {
  const held = byGroup(input.contents);
  return [
    ...orphans(input.templates, input.stagingGroups, held),
    ...stuckCancels(input.templates, input.now),
    ...staleGroups(input.templates, input.stagingGroups, held, input.now),
  ];
}

export interface EstateCounts {
  templates: number;
  runningNow: number;
  /** The templates whose run is going on now (Running or Canceling), by name. */
  running: TemplateInfo[];
  /** Runs that started in the last 30 days, by their last result. */
  last30Days: { succeeded: number; failed: number; canceled: number; other: number };
}

export function estateCounts(templates: readonly TemplateInfo[], now: number): EstateCounts {
  const c: EstateCounts = {
    templates: templates.length,
    runningNow: 0,
    running: [],
    last30Days: { succeeded: 0, failed: 0, canceled: 0, other: 0 },
  };
  for (const t of templates) {
    if (t.runState === 'Running' || t.runState === 'Canceling') {
      c.runningNow++;
      c.running.push(t);
    }
    if (t.startTime === undefined || now - t.startTime > MONTH_MS) continue;
    if (t.runState === 'Succeeded') c.last30Days.succeeded++;
    else if (t.runState === 'Failed') c.last30Days.failed++;
    else if (t.runState === 'Canceled') c.last30Days.canceled++;
    else if (t.runState !== 'Running' && t.runState !== 'Canceling') c.last30Days.other++;
  }
  c.running.sort((a, b) => a.name.localeCompare(b.name));
  return c;
}

/** Resource Graph rows → the model's inputs. */
export function templateFromRow(r: Record<string, unknown>): TemplateInfo {
  const run =
    typeof r.lastRunStatus === 'object' && r.lastRunStatus !== null
      ? (r.lastRunStatus as Record<string, unknown>)
      : {};
  const time = (v: unknown): number | undefined => {
    const t = typeof v === 'string' ? Date.parse(v) : NaN;
    return Number.isNaN(t) || new Date(t).getUTCFullYear() <= 1 ? undefined : t;
  };
  const staging =
    typeof r.exactStagingResourceGroup === 'string' && r.exactStagingResourceGroup
      ? key(r.exactStagingResourceGroup)
      : undefined;
  return {
    id: String(r.id ?? ''),
    name: String(r.name ?? ''),
    subscriptionId: String(r.subscriptionId ?? ''),
    resourceGroup: String(r.resourceGroup ?? ''),
    runState: typeof run.runState === 'string' ? run.runState : undefined,
    startTime: time(run.startTime),
    endTime: time(run.endTime),
    stagingGroupKey: staging,
  };
}

export function stagingGroupFromRow(r: Record<string, unknown>): StagingGroupInfo {
  const tags: Record<string, string> = {};
  if (typeof r.tags === 'object' && r.tags !== null) {
    for (const [k, v] of Object.entries(r.tags)) if (typeof v === 'string') tags[k] = v;
  }
  return {
    id: String(r.id ?? ''),
    name: String(r.name ?? ''),
    subscriptionId: String(r.subscriptionId ?? ''),
    tags,
    templateId: typeof r.templateId === 'string' && r.templateId ? r.templateId : undefined,
  };
}

export function contentFromRow(r: Record<string, unknown>): ContentInfo {
  const id = String(r.id ?? '');
  return {
    id,
    name: String(r.name ?? ''),
    type: String(r.type ?? ''),
    groupKey: key(id.split('/providers/')[0] ?? ''),
  };
}
