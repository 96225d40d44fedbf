import { describe, expect, it } from 'vitest';
import {
  contentFromRow,
  estateCounts,
  findLeftovers,
  stagingGroupFromRow,
  templateFromRow,
  type TemplateInfo,
} from './leftovers';

const NOW = Date.parse('2026-12-03T12:00:00Z');
const H = 3_600_000;
const SUB = '11111111-1111-4111-8111-111111111111';
const rg = (name: string) => `/subscriptions/${SUB}/resourceGroups/${name}`;

function template(name: string, run: Partial<TemplateInfo> = {}): TemplateInfo {
  return {
    id: `${rg('rg-a')}/providers/Microsoft.VirtualMachineImages/imageTemplates/${name}`,
    name,
    subscriptionId: SUB,
    resourceGroup: 'rg-a',
    runState: undefined,
    startTime: undefined,
    endTime: undefined,
    stagingGroupKey: rg(`IT_rg-a_${name}_1`).toLowerCase(),
    ...run,
  };
}

const group = (name: string, tags: Record<string, string> = {}, templateId?: string) =>
  stagingGroupFromRow({
    id: rg(name),
    name,
    subscriptionId: SUB,
    tags,
    ...(templateId ? { templateId } : {}),
  });
const content = (group: string, type: string, name: string) =>
  contentFromRow({ id: `${rg(group)}/providers/${type}/${name}`, name, type: type.toLowerCase() });

describe('leftover rules', () => {
  it('an orphaned staging group: AIB tags or IT_ name, no template uses it or is named by it', () => {
    const live = template('live');
    const found = findLeftovers({
      templates: [live],
      stagingGroups: [
        group('IT_rg-a_gone_9', {
          createdBy: 'AzureVMImageBuilder',
          imageTemplateName: 'gone',
          imageTemplateResourceGroupName: 'rg-a',
        }),
        group(
          'IT_rg-a_live_1',
          { imageTemplateName: 'live', imageTemplateResourceGroupName: 'rg-a' },
          live.id,
        ),
        group('custom-staging', { imageTemplateName: 'live', imageTemplateResourceGroupName: 'rg-a' }),
        group('IT_untagged_2'),
      ],
      contents: [content('IT_rg-a_gone_9', 'Microsoft.Storage/storageAccounts', 'stlogs')],
      now: NOW,
    });
    expect(found.map((l) => [l.kind, l.name, l.contents.length])).toEqual([
      ['orphaned-staging-group', 'IT_rg-a_gone_9', 1],
      ['orphaned-staging-group', 'IT_untagged_2', 0],
    ]);
    expect(found[0]?.why).toBe('Made by Image Builder for template “gone” in rg-a, which no longer exists.');
    expect(found[0]?.deletableGroupId).toBe(rg('IT_rg-a_gone_9'));
  });

  it('a cancel is stuck after an hour, not before', () => {
    const found = findLeftovers({
      templates: [
        template('old', { runState: 'Canceling', startTime: NOW - 3 * H }),
        template('fresh', { runState: 'Canceling', startTime: NOW - 30 * 60_000 }),
        template('running', { runState: 'Running', startTime: NOW - 3 * H }),
      ],
      stagingGroups: [],
      contents: [],
      now: NOW,
    });
    expect(found.map((l) => [l.kind, l.name, l.why])).toEqual([
      ['stuck-cancel', 'old', 'Canceling, and its run started 3 h ago.'],
    ]);
  });

  it('a staging group holding build resources more than an hour after the build ended; the storage account alone is not', () => {
    const stale = template('stale', { runState: 'Succeeded', startTime: NOW - 6 * H, endTime: NOW - 5 * H });
    const recent = template('recent', { runState: 'Failed', startTime: NOW - H, endTime: NOW - 30 * 60_000 });
    const logsOnly = template('logs', {
      runState: 'Succeeded',
      startTime: NOW - 9 * H,
      endTime: NOW - 8 * H,
    });
    const found = findLeftovers({
      templates: [stale, recent, logsOnly],
      stagingGroups: [
        group('IT_rg-a_stale_1', {}, stale.id),
        group('IT_rg-a_recent_1', {}, recent.id),
        group('IT_rg-a_logs_1', {}, logsOnly.id),
      ],
      contents: [
        content('IT_rg-a_stale_1', 'Microsoft.Compute/virtualMachines', 'vm1'),
        content('IT_rg-a_stale_1', 'Microsoft.Storage/storageAccounts', 'st1'),
        content('IT_rg-a_recent_1', 'Microsoft.Compute/virtualMachines', 'vm2'),
        content('IT_rg-a_logs_1', 'Microsoft.Storage/storageAccounts', 'st3'),
      ],
      now: NOW,
    });
    expect(found.map((l) => [l.kind, l.name, l.contents.length, l.deletableGroupId])).toEqual([
      ['stale-staging-group', 'IT_rg-a_stale_1', 2, undefined],
    ]);
    expect(found[0]?.why).toBe(
      'Staging group of “stale”: its build ended 5 h ago and 1 build resource remains.',
    );
  });
});

describe('estate counts', () => {
  it('templates, runs of the last 30 days by result, running now', () => {
    const rows = [
      {
        id: 'a',
        lastRunStatus: {
          runState: 'Succeeded',
          startTime: '2026-12-01T00:00:00Z',
          endTime: '2026-12-01T00:20:00Z',
        },
      },
      { id: 'b', lastRunStatus: { runState: 'Failed', startTime: '2026-11-20T00:00:00Z' } },
      { id: 'c', lastRunStatus: { runState: 'Succeeded', startTime: '2026-09-01T00:00:00Z' } },
      {
        id: 'd',
        lastRunStatus: {
          runState: 'Running',
          startTime: '2026-12-03T11:00:00Z',
          endTime: '0001-01-01T00:00:00Z',
        },
      },
      { id: 'e', lastRunStatus: null },
    ].map(templateFromRow);
    expect(rows[3]?.endTime).toBeUndefined();
    expect(estateCounts(rows, NOW)).toEqual({
      templates: 5,
      runningNow: 1,
      running: [rows[3]],
      last30Days: { succeeded: 1, failed: 1, canceled: 0, other: 0 },
    });
  });
});
