import { describe, expect, it } from 'vitest';
import { armIdKey } from '@/lib/azure/ids';
import { armKeys, imageTemplateKeys } from './keys';

const SUB = '0B1F6471-1bf0-4dda-aec3-cb9272f09590';
const T = `/subscriptions/${SUB}/resourcegroups/RG-A/providers/Microsoft.VirtualMachineImages/imageTemplates/t1`;

function isPrefix(prefix: readonly string[], key: readonly string[]) {
  return prefix.every((p, i) => key[i] === p);
}

describe('armKeys', () => {
  it('mirrors the ARM id so scopes are prefixes', () => {
    const k = armKeys.resource(T);
    expect(isPrefix(armKeys.subscription(SUB), k)).toBe(true);
    expect(isPrefix(armKeys.resourceGroup(SUB, 'rg-a'), k)).toBe(true);
    expect(isPrefix(k, armKeys.aspect(T, 'permissions'))).toBe(true);
    expect(isPrefix(armKeys.subscription(SUB), armKeys.list(`/subscriptions/${SUB}`, 'X/y'))).toBe(true);
  });
  it('is case-insensitive like ARM', () => {
    expect(armKeys.resource(T)).toEqual(armKeys.resource(T.toLowerCase()));
  });
});

describe('imageTemplateKeys', () => {
  it('finds the template id again from its GET key, and from no other key', () => {
    expect(imageTemplateKeys.idOfOne(imageTemplateKeys.one(T))).toBe(armIdKey(T));
    expect(imageTemplateKeys.idOfOne(armKeys.aspect(T, 'permissions'))).toBeUndefined();
    expect(imageTemplateKeys.idOfOne(imageTemplateKeys.list(SUB))).toBeUndefined();
    expect(
      imageTemplateKeys.idOfOne(armKeys.resource(T.replace('imageTemplates', 'virtualMachines'))),
    ).toBeUndefined();
  });
});
