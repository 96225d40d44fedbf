import { describe, expect, it } from 'vitest';
import { ArmError } from '../../core/errors.ts';
import { checkFields } from './schema.ts';
import { mergePatch } from './merge-patch.ts';
import { stagingResourceGroupName, seededRand, buildNames, guid } from './naming.ts';
import { validateDistributeUpdate, validateTemplate, validateVmProfile } from './validate.ts';

const SUB =
  '/subscriptions/0b1f6471-1bf0-4dda-aec3-cb9272f09590/resourceGroups/rg-net/providers/Microsoft.Network/virtualNetworks';
const ID =
  '/subscriptions/0b1f6471-1bf0-4dda-aec3-cb9272f09590/resourceGroups/rg-id/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id1';

function template(extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    location: 'eastus',
    identity: { type: 'UserAssigned', userAssignedIdentities: { [ID]: {} } },
    properties: {
      source: { type: 'PlatformImage', publisher: 'Canonical', offer: 'o', sku: 's', version: 'latest' },
      distribute: [
        {
          type: 'ManagedImage',
          runOutputName: 'out1',
          imageId: '/subscriptions/s/resourceGroups/rg/providers/Microsoft.Compute/images/i',
          location: 'eastus',
        },
      ],
      ...extra,
    },
  };
}

function errorOf(fn: () => unknown): ArmError {
  try {
    fn();
  } catch (e) {
    if (e instanceof ArmError) return e;
    throw e;
  }
  throw new Error('expected an ArmError');
}

describe('schema', () => {
  it('rejects a mis-cased field from 2024-02-01 with the unmarshalling text', () => {
    const body = template({ optimize: { vmboot: { state: 'Enabled' } } });
    const e = errorOf(() => checkFields(body, 'ImageTemplate', '2024-02-01'));
    expect(e.status).toBe(400);
    expect(e.message).toContain('Unmarshalling entity encountered error');
    expect(e.message).toContain('*v2024_02_01.ImageTemplate');
    expect(e.message).toContain('struct field Properties: struct field Optimize: unknown field "vmboot"');
  });
  it('drops unknown fields before 2024-02-01', () => {
    const out = checkFields(
      template({ bogus: 1, autoRun: { state: 'Enabled' } }),
      'ImageTemplate',
      '2023-07-01',
    ) as {
      properties: Record<string, unknown>;
    };
    expect(out.properties.bogus).toBeUndefined();
    expect(out.properties.autoRun).toBeUndefined();
  });
  it('knows variant fields by discriminator', () => {
    expect(() =>
      checkFields(
        template({ customize: [{ type: 'Shell', inline: ['x'], runElevated: true }] }),
        'ImageTemplate',
        '2025-10-01',
      ),
    ).toThrow(/unknown field "runElevated"/);
    expect(() =>
      checkFields(
        template({ customize: [{ type: 'PowerShell', inline: ['x'], runElevated: true }] }),
        'ImageTemplate',
        '2025-10-01',
      ),
    ).not.toThrow();
  });
  it('gates PATCH fields by version', () => {
    expect(() =>
      checkFields(
        { properties: { vmProfile: { vmSize: 'x' } } },
        'ImageTemplateUpdateParameters',
        '2024-02-01',
      ),
    ).not.toThrow();
    const old = checkFields(
      { properties: { vmProfile: { vmSize: 'x' } } },
      'ImageTemplateUpdateParameters',
      '2023-07-01',
    ) as {
      properties: Record<string, unknown>;
    };
    expect(old.properties.vmProfile).toBeUndefined();
    expect(() => checkFields({ apiVersion: '2024-02-01' }, 'ImageTemplate', '2025-10-01')).toThrow(
      /unknown field "apiVersion"/,
    );
  });
});

describe('schema types', () => {
  it("rejects a value of the wrong JSON type with Go's decoding error", () => {
    const e = errorOf(() =>
      checkFields(template({ buildTimeoutInMinutes: '60' }), 'ImageTemplate', '2025-10-01'),
    );
    expect(e.message).toContain(
      'struct field Properties: json: cannot unmarshal string into Go struct field .buildTimeoutInMinutes of type int32',
    );
    expect(() =>
      checkFields(template({ vmProfile: { osDiskSizeGB: 30.5 } }), 'ImageTemplate', '2022-07-01'),
    ).toThrow(/cannot unmarshal number/);
    expect(() =>
      checkFields(template({ buildTimeoutInMinutes: 60 }), 'ImageTemplate', '2025-10-01'),
    ).not.toThrow();
  });
});

describe('validation', () => {
  it('accepts a complete template', () => {
    expect(() => validateTemplate(template(), 'tpl-1')).not.toThrow();
  });
  it('requires identity, source and distribute with AIB texts', () => {
    const noId = template();
    delete noId.identity;
    expect(errorOf(() => validateTemplate(noId, 't')).message).toMatch(
      /^Validation failed: 'ImageTemplate': Missing field 'identity'\./,
    );
    const e = errorOf(() =>
      validateTemplate(
        template({ distribute: [{ type: 'ManagedImage', imageId: 'x', location: 'l' }] }),
        't',
      ),
    );
    expect(e.code).toBe('ValidationFailed');
    expect(e.message).toContain("'ImageTemplate.properties.distribute[0]': Missing field runOutputName");
  });
  it('checks the name pattern', () => {
    expect(errorOf(() => validateTemplate(template(), 'bad name!')).code).toBe('ValidationFailed');
    expect(errorOf(() => validateTemplate(template(), 'a'.repeat(65))).code).toBe('ValidationFailed');
  });
  it('checks vnetConfig rules', () => {
    const both = (a: string, b: string, extra: Record<string, unknown> = {}): unknown => ({
      vnetConfig: { subnetId: a, containerInstanceSubnetId: b, ...extra },
    });
    expect(() => validateVmProfile(both(`${SUB}/v1/subnets/a`, `${SUB}/v1/subnets/b`))).not.toThrow();
    expect(
      errorOf(() => validateVmProfile(both(`${SUB}/v1/subnets/a`, `${SUB}/v1/subnets/a`))).message,
    ).toContain('must be different');
    expect(
      errorOf(() => validateVmProfile(both(`${SUB}/v1/subnets/a`, `${SUB}/v2/subnets/b`))).message,
    ).toContain('same virtual network');
    expect(
      errorOf(() =>
        validateVmProfile(
          both(`${SUB}/v1/subnets/a`, `${SUB}/v1/subnets/b`, { proxyVmSize: 'Standard_A1_v2' }),
        ),
      ).message,
    ).toContain('proxyVmSize');
    expect(
      errorOf(() => validateVmProfile({ vnetConfig: { containerInstanceSubnetId: `${SUB}/v1/subnets/b` } }))
        .message,
    ).toContain("requires field 'subnetId'");
  });
  it('PATCH distribute must list every target', () => {
    const before = [
      { type: 'VHD', runOutputName: 'a' },
      { type: 'VHD', runOutputName: 'b' },
    ];
    expect(
      errorOf(() => validateDistributeUpdate(before, [{ type: 'VHD', runOutputName: 'a' }])).message,
    ).toBe(
      'Validation failed: Distribute target with Runoutput name b not found in the update request. Deleting a distribution target is not allowed.',
    );
    expect(() =>
      validateDistributeUpdate(before, [...before, { type: 'VHD', runOutputName: 'c' }]),
    ).not.toThrow();
  });
});

describe('merge patch', () => {
  it('merges objects, removes nulls, replaces arrays', () => {
    expect(
      mergePatch({ a: 1, b: { c: 2, d: 3 }, e: [1, 2] }, { b: { c: null, x: 4 }, e: [3], f: 'g' }),
    ).toEqual({
      a: 1,
      b: { d: 3, x: 4 },
      e: [3],
      f: 'g',
    });
    expect(mergePatch({ a: 1 }, 'x')).toBe('x');
  });
});

describe('naming', () => {
  it('builds IT_<rg>_<template>_<guid> and truncates like AIB', () => {
    const g = '3e9f77e1-0747-42e2-ae85-68c0cd03c859';
    expect(stagingResourceGroupName('rg-images', 'ubuntu', g)).toBe(`IT_rg-images_ubuntu_${g}`);
    expect(stagingResourceGroupName('rg', 'imagebuilderTemplate_123456', g)).toBe(
      `IT_rg_imagebuilderTemplate_${g}`,
    );
    expect(stagingResourceGroupName('img_tmpl_cancel_4hxa7fdgvjnhfzzrpgwzhbfq', 'template1', g)).toBe(
      `IT_img_tmpl_cancel_4hxa7fdgvjnhfzzrpgwzhbfq_${g}`,
    );
    expect(stagingResourceGroupName('r'.repeat(80), 't', g).length).toBeLessThanOrEqual(80);
  });
  it('is deterministic with a seeded generator and follows Packer naming', () => {
    const a = buildNames(seededRand(1), false, new Date('2026-11-24T10:00:00Z'));
    const b = buildNames(seededRand(1), false, new Date('2026-11-24T10:00:00Z'));
    expect(a).toEqual(b);
    expect(a.vm).toMatch(/^pkrvm[a-z0-9]{10}$/);
    expect(a.nic.slice(5)).toBe(a.vm.slice(5));
    expect(a.container).toMatch(/^vmimagebuilder-build-container-\d{10}$/);
    expect(a.pls).toMatch(/^aibpls[a-z0-9]{5}$/);
    expect(guid(seededRand(2))).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
  });
});

describe('template index', () => {
  it('lists ids by scope, sorted, and follows adds and removes', async () => {
    const { MemoryWorld } = await import('../../core/store.ts');
    const { indexTemplate, templateIdsIn, unindexTemplate, resetTemplateIndex } =
      await import('./template-index.ts');
    const w = new MemoryWorld();
    const id = (rg: string, n: string): string =>
      `/subscriptions/s1/resourcegroups/${rg}/providers/Microsoft.VirtualMachineImages/imageTemplates/${n}`;
    w.put({ id: id('b', 'x'), name: 'x', type: 'Microsoft.VirtualMachineImages/imageTemplates' });
    expect(templateIdsIn(w, '/subscriptions/s1')).toEqual([id('b', 'x').toLowerCase()]);
    w.put({ id: id('a', 'y'), name: 'y', type: 'Microsoft.VirtualMachineImages/imageTemplates' });
    indexTemplate(w, id('a', 'y'));
    expect(templateIdsIn(w, '/subscriptions/s1')).toEqual(
      [id('a', 'y'), id('b', 'x')].map((x) => x.toLowerCase()),
    );
    expect(templateIdsIn(w, '/subscriptions/s1/resourceGroups/B')).toEqual([id('b', 'x').toLowerCase()]);
    unindexTemplate(w, id('b', 'x'));
    expect(templateIdsIn(w, '/subscriptions/s1')).toHaveLength(1);
    resetTemplateIndex(w);
    expect(templateIdsIn(w, '/subscriptions/s1')).toHaveLength(2);
  });
});
