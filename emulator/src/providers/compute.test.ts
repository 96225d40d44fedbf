import { describe, expect, it } from 'vitest';
import { routes } from './compute.ts';
import { driver } from '../../testing/driver.ts';
import { gallery, galleryImage, galleryImageVersion, virtualMachine } from '../shapes/compute.ts';

const SUB = '0b1f6471-1bf0-4dda-aec3-cb9272f09590';
const RG = `/subscriptions/${SUB}/resourceGroups/rg-images`;
const C = `${RG}/providers/Microsoft.Compute`;
const where = { subscriptionId: SUB, resourceGroup: 'rg-images', location: 'westeurope' };

describe('Microsoft.Compute provider (in process)', () => {
  it('creates a managed image from a VM through an LRO and deletes it with 202', async () => {
    const d = driver(routes, { subscriptionId: SUB, resourceGroups: ['rg-images'], speed: 100_000 });
    d.world.put(
      virtualMachine({
        ...where,
        name: 'vm1',
        vmSize: 'Standard_D2s_v3',
        osType: 'Windows',
        osDiskName: 'osdisk',
        osDiskId: `${C}/disks/osdisk`,
        networkInterfaceIds: [],
      }),
    );
    const put = await d.call('PUT', `${C}/images/img1`, '2024-07-01', {
      location: 'westeurope',
      properties: { sourceVirtualMachine: { id: `${C}/virtualMachines/vm1` } },
    });
    expect(put.status).toBe(201);
    expect(put.headers?.['Azure-AsyncOperation']).toContain(
      '/providers/Microsoft.Compute/locations/westeurope/operations/',
    );
    expect(put.body).toMatchObject({
      type: 'Microsoft.Compute/images',
      properties: {
        provisioningState: 'Creating',
        storageProfile: { osDisk: { osType: 'Windows', osState: 'Generalized' } },
      },
    });
    await new Promise((r) => setTimeout(r, 50));
    const got = await d.call('GET', `${C}/images/img1`, '2025-04-01');
    expect(got.body).toMatchObject({ properties: { provisioningState: 'Succeeded' } });
    const bad = await d.call('PUT', `${C}/images/img2`, '2024-07-01', {
      location: 'westeurope',
      properties: {},
    });
    expect(bad.status).toBe(400);
    const del = await d.call('DELETE', `${C}/images/img1`, '2024-07-01');
    expect(del.status).toBe(202);
    expect(del.headers?.Location).toContain('/operationResults/');
  });

  it('reads galleries, images and versions, with ARM 404s for missing children', async () => {
    const d = driver(routes, { subscriptionId: SUB, resourceGroups: ['rg-images'] });
    d.world.put(gallery({ ...where, name: 'gal' }));
    d.world.put(
      galleryImage({
        ...where,
        galleryName: 'gal',
        name: 'ubuntu',
        osType: 'Linux',
        publisher: 'contoso',
        offer: 'o',
        sku: 's',
      }),
    );
    d.world.put(galleryImageVersion({ ...where, galleryName: 'gal', imageName: 'ubuntu', name: '1.0.0' }));
    const images = await d.call('GET', `${C}/galleries/gal/images`, '2024-03-03');
    expect((images.body as { value: unknown[] }).value).toHaveLength(1);
    const versions = await d.call('GET', `${C}/galleries/gal/images/ubuntu/versions`, '2024-03-03');
    expect((versions.body as { value: Array<{ name: string }> }).value.map((v) => v.name)).toEqual(['1.0.0']);
    const missing = await d.call('GET', `${C}/galleries/gal/images/ubuntu/versions/9.9.9`, '2025-03-03');
    expect(missing).toMatchObject({
      status: 404,
      body: {
        error: {
          code: 'ResourceNotFound',
          message: expect.stringContaining(
            "'Microsoft.Compute/galleries/gal/images/ubuntu/versions/9.9.9'",
          ) as unknown,
        },
      },
    });
    const wrongVersion = await d.call('GET', `${C}/galleries/gal`, '2024-07-01');
    expect(wrongVersion.status).toBe(400);
  });
});
