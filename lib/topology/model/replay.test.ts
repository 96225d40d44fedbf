import { describe, expect, it } from 'vitest';
import {
  bandsFromObservations,
  inferBands,
  intervalsFromEvents,
  lanesFor,
  resourcesAt,
  runWindow,
  runsFromEvents,
  type ActivityEventLite,
} from './replay';
import { STAGING_RG, stagingResources } from './fixtures';
import { buildGraph } from './build-graph';

function must<T>(x: T | undefined): T {
  if (x === undefined) throw new Error('missing');
  return x;
}

const T0 = Date.parse('2026-11-24T10:00:00Z');
const at = (s: number) => new Date(T0 + s * 1000).toISOString();
const TEMPLATE =
  '/subscriptions/s/resourcegroups/img-rg/providers/Microsoft.VirtualMachineImages/imageTemplates/tmpl-linux';

function lifecycle(
  r: { id: string; type: string },
  created: number,
  deleted?: number,
  body?: unknown,
): ActivityEventLite[] {
  const ev: ActivityEventLite[] = [
    { operationName: `${r.type}/write`, resourceId: r.id, status: 'Started', eventTimestamp: at(created) },
    {
      operationName: `${r.type}/write`,
      resourceId: r.id,
      status: 'Succeeded',
      eventTimestamp: at(created + 5),
      ...(body ? { properties: { responseBody: JSON.stringify(body) } } : {}),
    },
  ];
  if (deleted !== undefined)
    ev.push(
      { operationName: `${r.type}/delete`, resourceId: r.id, status: 'Started', eventTimestamp: at(deleted) },
      {
        operationName: `${r.type}/delete`,
        resourceId: r.id,
        status: 'Succeeded',
        eventTimestamp: at(deleted + 3),
      },
    );
  return ev;
}

// A layout-2 build: storage first (kept), network, container, VMs; cleanup at 600 s.
const res = stagingResources('private-link');
const events: ActivityEventLite[] = [
  {
    operationName: 'Microsoft.VirtualMachineImages/imageTemplates/run/action',
    resourceId: TEMPLATE,
    status: 'Started',
    eventTimestamp: at(-10),
    correlationId: 'run-1',
    caller: 'ada@contoso.test',
  },
  ...res.flatMap((r, i) =>
    r.type === 'Microsoft.Storage/storageAccounts'
      ? lifecycle(r, 0)
      : lifecycle(r, 10 + i * 10, 600 + i, { properties: r.properties, location: 'westeurope' }),
  ),
  {
    operationName: 'Microsoft.VirtualMachineImages/imageTemplates/run/action',
    resourceId: TEMPLATE,
    status: 'Succeeded',
    eventTimestamp: at(640),
    correlationId: 'run-1',
  },
  // an unrelated resource group's event is ignored
  {
    operationName: 'Microsoft.Network/virtualNetworks/write',
    resourceId: '/subscriptions/s/resourceGroups/other/providers/Microsoft.Network/virtualNetworks/v',
    status: 'Succeeded',
    eventTimestamp: at(20),
  },
  // a child resource write is not a lane of its own
  {
    operationName: 'Microsoft.Network/virtualNetworks/subnets/write',
    resourceId: `${STAGING_RG}/providers/Microsoft.Network/virtualNetworks/vmimagebuilder-vnet-3e9f77e1/subnets/aci-subnet`,
    status: 'Succeeded',
    eventTimestamp: at(30),
  },
];

describe('replay from the Activity Log', () => {
  const intervals = intervalsFromEvents(
    events,
    STAGING_RG.toLowerCase().replace('resourcegroups', 'resourceGroups'),
  );

  it('one interval per top-level staging resource, with appearance and deletion', () => {
    expect(intervals).toHaveLength(res.length);
    const sa = must(intervals.find((i) => i.icon === 'storageAccount'));
    expect(sa.end).toBeUndefined();
    const vm = must(intervals.find((i) => i.name === 'pkrvm5c2b9d1fa7'));
    expect(vm.start).toBeLessThan(must(vm.end));
    expect(vm.ready).toBe(vm.start + 5000);
  });

  it('the set existing at t: everything mid-build, only the storage account after', () => {
    expect(resourcesAt(intervals, T0 + 500_000)).toHaveLength(res.length);
    const after = resourcesAt(intervals, T0 + 700_000);
    expect(after.map((r) => r.type)).toEqual(['Microsoft.Storage/storageAccounts']);
    const early = resourcesAt(intervals, T0 + 22_000);
    expect(early.map((r) => r.provisioningState)).toContain('Creating');
  });

  it('replayed resources carry the properties from the write response, so edges come back', () => {
    const g = buildGraph(resourcesAt(intervals, T0 + 500_000), [], 'private-link');
    expect(g.edges.some((e) => e.kind === 'traffic' && e.ports === '60001')).toBe(true);
    expect(g.edges.some((e) => e.kind === 'placement')).toBe(true);
  });

  it('runs and their window; lanes in order of appearance', () => {
    const runs = runsFromEvents(events);
    expect(runs).toHaveLength(1);
    expect(must(runs[0]).caller).toBe('ada@contoso.test');
    const w = runWindow(must(runs[0]), runs, intervals);
    expect(w.start).toBe(T0 - 10_000);
    expect(w.end).toBeGreaterThanOrEqual(T0 + 640_000);
    const lanes = lanesFor(intervals, w);
    expect(lanes).toHaveLength(res.length);
    expect(must(lanes[0]).icon).toBe('storageAccount');
    expect(lanes.slice(1).every((l, i) => l.start >= must(lanes[i]).start)).toBe(true);
  });

  it('an earlier build: lanes limited to its window, storage account marked as pre-existing', () => {
    const second = [
      ...events,
      {
        operationName: 'Microsoft.VirtualMachineImages/imageTemplates/run/action',
        resourceId: TEMPLATE,
        status: 'Started',
        eventTimestamp: at(1000),
        correlationId: 'run-2',
      },
    ];
    const runs = runsFromEvents(second);
    expect(runs.map((r) => r.correlationId)).toEqual(['run-2', 'run-1']);
    const w = runWindow(must(runs[0]), runs, intervals);
    const lanes = lanesFor(intervals, w);
    expect(lanes).toHaveLength(1);
    expect(must(lanes[0]).before).toBe(true);
  });

  it('phase bands: observed, and inferred for a past run', () => {
    const b = bandsFromObservations(
      [
        { phase: 'Queued', at: 0 },
        { phase: 'Building', at: 10 },
        { phase: 'Building', at: 20 },
        { phase: 'Customizing', at: 30 },
      ],
      50,
    );
    expect(b.map((x) => [x.phase, x.start, x.end])).toEqual([
      ['Queued', 0, 10],
      ['Building', 10, 30],
      ['Customizing', 30, 50],
    ]);
    const runs = runsFromEvents(events);
    const w = runWindow(must(runs[0]), runs, intervals);
    const inf = inferBands(w, intervals);
    expect(inf.map((x) => x.phase)).toEqual(['Queued', 'Building', 'Customizing … Distributing', 'Cleanup']);
    expect(inf.every((x) => x.inferred)).toBe(true);
  });

  it('ignores a failed create and keeps a resource whose deletion has only started', () => {
    const id = `${STAGING_RG}/providers/Microsoft.Compute/virtualMachines/x`;
    const iv = intervalsFromEvents(
      [
        {
          operationName: 'Microsoft.Compute/virtualMachines/write',
          resourceId: id,
          status: 'Failed',
          eventTimestamp: at(1),
        },
        {
          operationName: 'Microsoft.Compute/virtualMachines/write',
          resourceId: id,
          status: 'Started',
          eventTimestamp: at(2),
        },
        {
          operationName: 'Microsoft.Compute/virtualMachines/delete',
          resourceId: id,
          status: 'Started',
          eventTimestamp: at(9),
        },
      ],
      STAGING_RG,
    );
    expect(iv).toHaveLength(1);
    expect(must(iv[0]).end).toBeUndefined();
    expect(must(resourcesAt(iv, T0 + 10_000)[0]).provisioningState).toBe('Deleting');
  });
});
