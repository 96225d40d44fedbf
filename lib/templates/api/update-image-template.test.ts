import type { ImageTemplate } from '@azure/arm-imagebuilder';
import { describe, expect, it } from 'vitest';
import { sameVnetConfig, settleLostUpdate } from './update-image-template';

const SUBNET =
  '/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/v/subnets/build';
const ACI = '/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/v/subnets/aci';
const lost = Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });

function template(state: string, vnetConfig?: { subnetId?: string; containerInstanceSubnetId?: string }) {
  return { provisioningState: state, vmProfile: { vnetConfig } } as unknown as ImageTemplate;
}

/** A read that answers `answers` in turn (the last one again when they run out), counting its calls. */
function reads(...answers: (ImageTemplate | Error)[]) {
  let n = 0;
  const read = async () => {
    const a = answers[Math.min(n++, answers.length - 1)];
    if (a instanceof Error || a === undefined) throw a ?? new Error('no answer');
    return a;
  };
  return { read, calls: () => n };
}

describe('sameVnetConfig', () => {
  it('compares ids case-insensitively and treats no network as layout 1', () => {
    expect(sameVnetConfig({ subnetId: SUBNET }, { subnetId: SUBNET.toUpperCase() })).toBe(true);
    expect(sameVnetConfig(undefined, {})).toBe(true);
    expect(sameVnetConfig({ subnetId: SUBNET }, { subnetId: SUBNET, containerInstanceSubnetId: ACI })).toBe(
      false,
    );
  });
});

describe('settleLostUpdate (a PATCH whose answer was lost)', () => {
  it('waits out Updating, then counts the update as done when the template carries the network sent', async () => {
    const sent = { subnetId: SUBNET, containerInstanceSubnetId: ACI };
    const r = reads(template('Updating'), template('Succeeded', sent));
    await expect(settleLostUpdate(r.read, sent, lost, 0)).resolves.toBeUndefined();
    expect(r.calls()).toBe(2);
  });

  it('keeps the original error when the template still has its old network (the PATCH never landed)', async () => {
    const r = reads(template('Succeeded', { subnetId: SUBNET }));
    await expect(settleLostUpdate(r.read, undefined, lost, 0)).rejects.toBe(lost);
  });

  it('says it cannot tell when the template cannot be read again', async () => {
    const r = reads(new Error('unreachable'));
    await expect(settleLostUpdate(r.read, undefined, lost, 0)).rejects.toMatchObject({
      code: 'OutcomeUnknown',
      message: expect.stringContaining('cannot tell whether it was updated'),
    });
  });
});
