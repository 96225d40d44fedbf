// The pieces of an image template the conformance tests create again and again: an Ubuntu 22.04 platform
// image source, one of the seeded user-assigned identities, a managed image distribution. One place, so a
// test's body differs from another's only where the test means it to.
import { SUBSCRIPTIONS } from '../src/world/identities.ts';
import { SEED, identityIdOf } from '../src/world/seed.ts';

/** Canonical's Ubuntu 22.04 LTS (gen 2), latest version. */
export const UBUNTU_2204 = {
  type: 'PlatformImage',
  publisher: 'Canonical',
  offer: '0001-com-ubuntu-server-jammy',
  sku: '22_04-lts-gen2',
  version: 'latest',
} as const;

/** The template's identity: one of the seed's user-assigned identities. */
export function userAssigned(identity: keyof typeof SEED.identities) {
  return {
    type: 'UserAssigned',
    userAssignedIdentities: { [identityIdOf(SEED.identities[identity])]: {} },
  } as const;
}

/** A managed image named `image` in `rg` (in the dev subscription), run output `out`. */
export function managedImage(rg: string, image: string) {
  return {
    type: 'ManagedImage',
    runOutputName: 'out',
    imageId: `/subscriptions/${SUBSCRIPTIONS.dev.subscriptionId}/resourceGroups/${rg}/providers/Microsoft.Compute/images/${image}`,
    location: 'eastus',
  } as const;
}
