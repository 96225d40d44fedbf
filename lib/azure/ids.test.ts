import { describe, expect, it } from 'vitest';
import { templatePagePath } from '../routes';
import {
  armIdKey,
  idKey,
  nameOf,
  normalizeArmId,
  parentIdOf,
  parseArmId,
  parseSubnetId,
  pathToArmId,
  sameArmId,
  subscriptionScope,
  topLevelIdOf,
  tryParseArmId,
  strictImageTemplateId,
} from './ids';

const SUB = '0b1f6471-1bf0-4dda-aec3-cb9272f09590';
const AIB = `/subscriptions/${SUB}/resourcegroups/rg-Images.(team)/providers/microsoft.virtualmachineimages/imagetemplates/ubuntu-22`;

describe('parseArmId', () => {
  it('parses an AIB template id with lower-case resourcegroups', () => {
    const p = parseArmId(AIB);
    expect(p).toMatchObject({
      subscriptionId: SUB,
      resourceGroup: 'rg-Images.(team)',
      provider: 'Microsoft.VirtualMachineImages',
      type: 'Microsoft.VirtualMachineImages/imageTemplates',
      name: 'ubuntu-22',
      names: ['ubuntu-22'],
    });
    expect(p.id).toBe(
      `/subscriptions/${SUB}/resourceGroups/rg-Images.(team)/providers/Microsoft.VirtualMachineImages/imageTemplates/ubuntu-22`,
    );
  });

  it('parses nested types', () => {
    const p = parseArmId(
      `/subscriptions/${SUB}/resourceGroups/net/providers/Microsoft.Network/virtualNetworks/vnet1/subnets/build`,
    );
    expect(p.type).toBe('Microsoft.Network/virtualNetworks/subnets');
    expect(p.names).toEqual(['vnet1', 'build']);
    expect(p.name).toBe('build');
  });

  it('parses subscription and resource group ids', () => {
    expect(parseArmId(`/subscriptions/${SUB}`)).toMatchObject({ resourceGroup: undefined, name: undefined });
    expect(parseArmId(`/subscriptions/${SUB}/resourcegroups/x`)).toMatchObject({
      resourceGroup: 'x',
      name: 'x',
      id: `/subscriptions/${SUB}/resourceGroups/x`,
    });
  });

  it('rejects what is not an id', () => {
    expect(() => parseArmId('hello')).toThrow();
    expect(() => parseArmId('/foo/bar')).toThrow();
    expect(() => parseArmId(`/subscriptions/${SUB}/resourceGroups/`)).toThrow();
    expect(() => parseArmId(`/subscriptions/${SUB}/resourceGroups/r/providers/Microsoft.X/things`)).toThrow();
  });
});

describe('normalisation', () => {
  it('makes ids from different providers equal', () => {
    const other = AIB.replace('resourcegroups', 'resourceGroups').replace(
      'microsoft.virtualmachineimages/imagetemplates',
      'Microsoft.VirtualMachineImages/imageTemplates',
    );
    expect(normalizeArmId(AIB)).toBe(normalizeArmId(other));
    expect(sameArmId(AIB, other.toUpperCase().replace(SUB.toUpperCase(), SUB))).toBe(true);
    expect(armIdKey(AIB)).toBe(armIdKey(other).toLowerCase());
  });

  it('round-trips through a page path, names with dots, parentheses and spaces included', () => {
    const id = `/subscriptions/${SUB}/resourceGroups/rg (a).b/providers/Microsoft.VirtualMachineImages/imageTemplates/t.1`;
    const path = templatePagePath(normalizeArmId(id));
    expect(path).toBe(
      `/templates/subscriptions/${SUB}/resourceGroups/rg%20(a).b/providers/Microsoft.VirtualMachineImages/imageTemplates/t.1`,
    );
    expect(pathToArmId(path.split('/').slice(2))).toBe(id);
    expect(pathToArmId(AIB.split('/').slice(1))).toBe(normalizeArmId(AIB));
  });
});

const VNET = '/subscriptions/s1/resourceGroups/rg-net/providers/Microsoft.Network/virtualNetworks/vnet1';
const BUILD = `${VNET}/subnets/build`;

describe('subnet ids and comparisons', () => {
  it('parses subnet ids, whatever the case of resourceGroups', () => {
    expect(parseSubnetId(BUILD.replace('resourceGroups', 'resourcegroups'))).toMatchObject({
      subscriptionId: 's1',
      resourceGroup: 'rg-net',
      vnetName: 'vnet1',
      subnetName: 'build',
      vnetId: VNET,
      subnetId: BUILD,
    });
    expect(parseSubnetId(BUILD.toLowerCase())?.vnetId).toBe(
      '/subscriptions/s1/resourceGroups/rg-net/providers/Microsoft.Network/virtualNetworks/vnet1',
    );
    expect(parseSubnetId(VNET)).toBeNull();
    expect(parseSubnetId(`${VNET}/subnets/build/extra/x`)).toBeNull();
    expect(parseSubnetId(undefined)).toBeNull();
    expect(parseSubnetId('not an id')).toBeNull();
  });

  it('compares ids case-insensitively, tolerating trailing slashes, never throwing', () => {
    expect(sameArmId(VNET.toUpperCase(), `${VNET}/`)).toBe(true);
    expect(sameArmId(VNET.replace('resourceGroups', 'resourcegroups'), VNET)).toBe(true);
    expect(sameArmId(undefined, VNET)).toBe(false);
    expect(sameArmId('', '')).toBe(false);
    expect(sameArmId('x/', 'X')).toBe(true);
    expect(sameArmId(VNET, BUILD)).toBe(false);
  });

  it('keys any id-like string, armIdKey for ARM ids', () => {
    expect(idKey(`${VNET}/`)).toBe(armIdKey(VNET));
    expect(idKey(VNET.toUpperCase().replace('S1', 's1'))).toBe(armIdKey(VNET));
    expect(idKey(' Not/An/Id/ ')).toBe('not/an/id');
    expect(tryParseArmId('nope')).toBeUndefined();
    expect(tryParseArmId(undefined)).toBeUndefined();
    expect(tryParseArmId(VNET)?.name).toBe('vnet1');
  });

  it('names, parents and top-level resources of ids', () => {
    expect(nameOf(BUILD)).toBe('build');
    expect(nameOf(`${BUILD}/`)).toBe('build');
    expect(nameOf(undefined)).toBe('');
    expect(topLevelIdOf(BUILD)).toBe(VNET);
    expect(topLevelIdOf(VNET)).toBe(VNET);
    expect(topLevelIdOf('odd')).toBe('odd');
    expect(parentIdOf(`${VNET}/subnets/build`, 'subnets')).toBe(VNET);
    expect(parentIdOf(VNET, 'subnets')).toBeUndefined();
    expect(subscriptionScope('s1')).toBe('/subscriptions/s1');
  });
});

describe('strictImageTemplateId (the log route’s template id)', () => {
  const ok = `/subscriptions/${SUB}/resourceGroups/rg-images.(team)/providers/Microsoft.VirtualMachineImages/imageTemplates/ubuntu-22.04`;
  it('accepts an image template id in ARM’s shape', () => {
    expect(strictImageTemplateId(ok)?.name).toBe('ubuntu-22.04');
    expect(strictImageTemplateId(ok.replace('resourceGroups', 'resourcegroups'))?.resourceGroup).toBe(
      'rg-images.(team)',
    );
  });
  it.each([
    ['a dot-dot template name', ok.replace('ubuntu-22.04', '..')],
    ['a dot template name', ok.replace('ubuntu-22.04', '.')],
    ['a dot-dot resource group', ok.replace('rg-images.(team)', '..')],
    [
      'dot segments in the middle',
      `/subscriptions/${SUB}/resourceGroups/rg/providers/Microsoft.VirtualMachineImages/imageTemplates/../../../resourceGroups/other/providers/Microsoft.VirtualMachineImages/imageTemplates/t`,
    ],
    ['an escaped slash', ok.replace('ubuntu-22.04', 'a%2F..%2Fb')],
    ['a backslash', ok.replace('ubuntu-22.04', 'a\\..\\b')],
    ['a query', `${ok}?x=1`],
    ['a child resource', `${ok}/runOutputs/x`],
    ['another type', ok.replace('imageTemplates', 'imageTemplatez')],
    ['a subscription that is not a GUID', ok.replace(SUB, '..')],
    ['empty segments', ok.replace('/resourceGroups/', '//resourceGroups//')],
    ['a name ending in a period', ok.replace('ubuntu-22.04', 'ubuntu.')],
  ])('refuses %s', (_what, id) => {
    expect(strictImageTemplateId(id)).toBeUndefined();
  });
});
