import { describe, expect, it } from 'vitest';
import { armUrl, flattenProperties, nextPageUrl } from './arm-get';

describe('armUrl', () => {
  it('joins endpoint and id with one slash, encodes segments, adds the api-version', () => {
    expect(armUrl('https://localhost:4010/', '//subscriptions/s/resourceGroups/rg a/x', '2025-05-01')).toBe(
      'https://localhost:4010/subscriptions/s/resourceGroups/rg%20a/x?api-version=2025-05-01',
    );
  });
});

describe('flattenProperties', () => {
  it('gives the generated clients’ model shape: properties merged into their owner, at every level', () => {
    const subnet = {
      id: '/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/v/subnets/b',
      name: 'b',
      etag: 'W/"1"',
      properties: {
        addressPrefix: '10.0.1.0/24',
        networkSecurityGroup: { id: '/nsg' },
        privateLinkServiceNetworkPolicies: 'Disabled',
        delegations: [
          { name: 'aci', properties: { serviceName: 'Microsoft.ContainerInstance/containerGroups' } },
        ],
        provisioningState: 'Succeeded',
      },
    };
    expect(flattenProperties(subnet)).toEqual({
      id: subnet.id,
      name: 'b',
      etag: 'W/"1"',
      addressPrefix: '10.0.1.0/24',
      networkSecurityGroup: { id: '/nsg' },
      privateLinkServiceNetworkPolicies: 'Disabled',
      delegations: [{ name: 'aci', serviceName: 'Microsoft.ContainerInstance/containerGroups' }],
      provisioningState: 'Succeeded',
    });
  });
  it('keeps the envelope’s own fields when a property has the same name, and leaves scalars alone', () => {
    expect(flattenProperties({ name: 'outer', properties: { name: 'inner', x: 1 } })).toEqual({
      name: 'outer',
      x: 1,
    });
    expect(flattenProperties({ properties: 'text' })).toEqual({ properties: 'text' });
    expect(flattenProperties([1, null])).toEqual([1, null]);
  });
  it('returns parts without a properties object as they are, copies the rest in order, never mutates', () => {
    const customize = [{ type: 'Shell', name: 'setup', inline: ['apt-get update'] }];
    const source = { type: 'PlatformImage', publisher: 'Canonical' };
    const template = {
      id: '/t',
      tags: { team: 'a' },
      properties: { source, customize, vmProfile: { vmSize: 'x' } },
      identity: { type: 'UserAssigned' },
    };
    const before = JSON.stringify(template);
    const flat = flattenProperties(template) as Record<string, unknown>;
    expect(Object.keys(flat)).toEqual(['id', 'tags', 'identity', 'source', 'customize', 'vmProfile']);
    expect(flat.customize).toBe(customize);
    expect(flat.source).toBe(source);
    expect(flat.tags).toBe(template.tags);
    expect(JSON.stringify(template)).toBe(before);
    const list = [source, { a: 1, b: { properties: { c: 2 } }, d: 3 }];
    const flatList = flattenProperties(list) as unknown[];
    expect(flatList).not.toBe(list);
    expect(flatList[0]).toBe(source);
    expect(flatList[1]).toEqual({ a: 1, b: { c: 2 }, d: 3 });
    expect(Object.keys(flatList[1] as object)).toEqual(['a', 'b', 'd']);
    expect(list[1]).toEqual({ a: 1, b: { properties: { c: 2 } }, d: 3 });
  });
});

describe('nextPageUrl', () => {
  const endpoint = 'https://localhost:4010';
  it('follows a nextLink on the ARM endpoint, and ends where there is none', () => {
    const next = 'https://localhost:4010/subscriptions/s/providers/x?api-version=1&%24skiptoken=2';
    expect(nextPageUrl({ value: [], nextLink: next }, endpoint, new Set())).toBe(next);
    expect(nextPageUrl({ value: [] }, endpoint, new Set())).toBeUndefined();
    expect(nextPageUrl({ value: [], nextLink: '' }, endpoint, new Set())).toBeUndefined();
  });
  it('refuses a nextLink to another host (the token would go there) and one that loops', () => {
    expect(() =>
      nextPageUrl({ nextLink: 'https://evil.example/subscriptions?x=1' }, endpoint, new Set()),
    ).toThrow(
      expect.objectContaining({
        code: 'ForeignHostRefused',
        message: expect.stringContaining('Kiln did not send a request to https://evil.example'),
      }),
    );
    const seen = new Set(['https://localhost:4010/subscriptions?api-version=1']);
    expect(() =>
      nextPageUrl({ nextLink: 'https://localhost:4010/subscriptions?api-version=1' }, endpoint, seen),
    ).toThrow(expect.objectContaining({ code: 'NextLinkLoop' }));
    expect(() => nextPageUrl({ nextLink: 'not a url' }, endpoint, new Set())).toThrow(/not a URL/);
  });
});
