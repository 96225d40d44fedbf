import { describe, expect, it } from 'vitest';
import { ScaledClock } from './clock.ts';
import { MemoryLro } from './lro.ts';
import { MemoryActivityLog } from './activity.ts';

describe('ScaledClock', () => {
  it('divides Azure durations by the speed and scales Retry-After (at least 1 s)', async () => {
    const c = new ScaledClock(100);
    const t0 = Date.now();
    await c.sleep(5_000);
    const took = Date.now() - t0;
    expect(took).toBeGreaterThanOrEqual(45);
    expect(took).toBeLessThan(500);
    expect(c.retryAfterSeconds(15)).toBe(1);
    expect(new ScaledClock(2).retryAfterSeconds(30)).toBe(15);
  });

  it('re-plans a pending sleep when the speed changes', async () => {
    const c = new ScaledClock(1);
    const t0 = Date.now();
    const p = c.sleep(60_000);
    setTimeout(() => c.setSpeed(1_000), 20);
    await p;
    expect(Date.now() - t0).toBeLessThan(1_000);
  });

  it("keeps the world's time at the speed of the moment, and starts from a saved one", async () => {
    const c = new ScaledClock(1000, 5_000);
    await new Promise((r) => setTimeout(r, 20));
    expect(c.azureTime()).toBeGreaterThanOrEqual(5_000 + 20_000 - 1_000);
    c.setSpeed(1);
    // Read after the switch: at 1,000× a single millisecond between a read and the switch is a second.
    const t = c.azureTime();
    await new Promise((r) => setTimeout(r, 20));
    expect(c.azureTime() - t).toBeLessThan(1_000);
  });

  it('saves its jobs with the time each has left, and runs them after a restore', async () => {
    const a = new ScaledClock(1);
    const ran: unknown[] = [];
    a.handle('job', (args) => void ran.push(args));
    a.after(60_000, 'job', { n: 1 });
    a.after(120_000, 'job', { n: 2 });
    const saved = a.pendingJobs();
    a.cancelJobs();
    expect(a.pendingJobs()).toEqual([]);
    expect(saved.map((j) => j.args)).toEqual([{ n: 1 }, { n: 2 }]);
    expect(saved[0]?.remainingMs).toBeGreaterThan(59_000);
    const b = new ScaledClock(10_000);
    b.handle('job', (args) => void ran.push(args));
    b.restoreJobs(saved);
    await new Promise((r) => setTimeout(r, 60));
    expect(ran).toEqual([{ n: 1 }, { n: 2 }]);
    expect(b.pendingJobs()).toEqual([]);
  });

  it('stops on abort', async () => {
    const c = new ScaledClock(1);
    const ac = new AbortController();
    const p = c.sleep(60_000, ac.signal);
    ac.abort();
    await expect(p).rejects.toBeDefined();
  });
});

describe('MemoryLro', () => {
  it('starts with Azure-AsyncOperation, Location and a scaled Retry-After, and completes once', () => {
    const activity = new MemoryActivityLog();
    const lro = new MemoryLro(new ScaledClock(10), activity);
    const { id, headers } = lro.start({
      statusPath: '/subscriptions/s/providers/Microsoft.Network/locations/eastus/operations',
      apiVersion: '2024-05-01',
      baseUrl: 'https://localhost:4010',
      location: true,
      retryAfterAzureSeconds: 30,
    });
    expect(id).toMatch(/^[0-9A-F-]{36}$/);
    expect(headers['Azure-AsyncOperation']).toBe(
      `https://localhost:4010/subscriptions/s/providers/Microsoft.Network/locations/eastus/operations/${id}?api-version=2024-05-01`,
    );
    expect(headers.Location).toBe(
      `https://localhost:4010/subscriptions/s/providers/Microsoft.Network/locations/eastus/operationResults/${id}?api-version=2024-05-01`,
    );
    expect(headers['Retry-After']).toBe('3');
    expect(lro.get(id)?.status).toBe('InProgress');
    lro.track(id, {
      operationName: 'Microsoft.Network/virtualNetworks/write',
      resourceId: '/subscriptions/s/resourceGroups/r/providers/Microsoft.Network/virtualNetworks/v',
      caller: 'ava',
      correlationId: 'c',
    });
    lro.complete(id, 'Failed', { code: 'X', message: 'y' });
    lro.complete(id, 'Succeeded');
    expect(lro.get(id)).toMatchObject({ status: 'Failed', error: { code: 'X' } });
    expect(lro.get(id)?.endTime).toBeTruthy();
    const events = activity.all();
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      status: { value: 'Failed' },
      caller: 'ava',
      correlationId: 'c',
      resourceGroupName: 'r',
    });
  });
});
