import { describe, expect, it } from 'vitest';
import { flattenProperties } from '@/lib/azure/arm-get';
import { imageTemplateFromArm } from './arm-template';

describe('imageTemplateFromArm', () => {
  it('gives the SDK model: properties flattened, run and systemData times as Dates', () => {
    const arm = {
      id: '/subscriptions/s/resourceGroups/rg/providers/Microsoft.VirtualMachineImages/imageTemplates/t',
      name: 't',
      location: 'westeurope',
      systemData: { createdBy: 'ava', createdAt: '2026-01-02T03:04:05Z' },
      properties: {
        source: { type: 'PlatformImage', publisher: 'Canonical' },
        provisioningState: 'Succeeded',
        lastRunStatus: {
          runState: 'Running',
          startTime: '2026-12-03T10:00:00Z',
          endTime: '0001-01-01T00:00:00Z',
        },
      },
    };
    const t = imageTemplateFromArm(flattenProperties(arm));
    expect(t.source).toEqual({ type: 'PlatformImage', publisher: 'Canonical' });
    expect(t.provisioningState).toBe('Succeeded');
    expect(t.lastRunStatus?.startTime).toEqual(new Date('2026-12-03T10:00:00Z'));
    expect(t.lastRunStatus?.endTime).toBeInstanceOf(Date);
    expect(t.lastRunStatus?.endTime?.getUTCFullYear()).toBe(1);
    expect(t.systemData?.createdAt).toEqual(new Date('2026-01-02T03:04:05Z'));
    expect(t.systemData?.createdBy).toBe('ava');
  });
  it('leaves a template that never ran as it is', () => {
    const t = imageTemplateFromArm({ id: '/x', location: 'l', provisioningState: 'Creating' });
    expect(t).toEqual({ id: '/x', location: 'l', provisioningState: 'Creating' });
    expect(() => imageTemplateFromArm(null)).toThrow();
  });
});
