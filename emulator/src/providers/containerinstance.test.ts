import { describe, expect, it } from 'vitest';
import { appendContainerLog, clearContainerLogs, routes, tailLines } from './containerinstance.ts';
import { driver } from '../../testing/driver.ts';
import { containerGroup } from '../shapes/containerinstance.ts';

const SUB = '0b1f6471-1bf0-4dda-aec3-cb9272f09590';
const CG = `/subscriptions/${SUB}/resourceGroups/IT_rg_t1_0000/providers/Microsoft.ContainerInstance/containerGroups/vmimagebuilder-build-container-abc`;

describe('Microsoft.ContainerInstance provider (in process)', () => {
  it('keeps the last lines for tail', () => {
    expect(tailLines('a\nb\nc\n', 2)).toBe('b\nc\n');
    expect(tailLines('a\nb\nc', 1)).toBe('c');
    expect(tailLines('a\nb\n', undefined)).toBe('a\nb\n');
    expect(tailLines('', 3)).toBe('');
  });

  it('serves what the simulator appended, then forgets it on delete', async () => {
    const d = driver(routes, { subscriptionId: SUB, resourceGroups: ['IT_rg_t1_0000'] });
    d.world.put(
      containerGroup({
        subscriptionId: SUB,
        resourceGroup: 'IT_rg_t1_0000',
        name: 'vmimagebuilder-build-container-abc',
        location: 'westeurope',
        containers: [{ name: 'packerizer', image: 'aib/packerizer' }],
      }),
    );
    appendContainerLog(CG, 'packerizer', 'line 1\nline 2\n');
    appendContainerLog(CG.toLowerCase(), 'packerizer', 'line 3\n');
    const logs = await d.call('GET', `${CG}/containers/packerizer/logs?tail=2`, '2023-05-01');
    expect(logs).toMatchObject({ status: 200, body: { content: 'line 2\nline 3\n' } });
    const wrong = await d.call('GET', `${CG}/containers/nope/logs`, '2023-05-01');
    expect(wrong.status).toBe(404);
    const del = await d.call('DELETE', CG, '2023-05-01');
    expect(del.status).toBe(200);
    expect((await d.call('GET', CG, '2023-05-01')).status).toBe(404);
    expect((await d.call('DELETE', CG, '2023-05-01')).status).toBe(204);
    clearContainerLogs();
  });
});
