import { describe, expect, it } from 'vitest';
import { sameLocation } from './locations';

describe('sameLocation', () => {
  it('compares region names without spaces and case', () => {
    expect(sameLocation('East US', 'eastus')).toBe(true);
    expect(sameLocation('westus', 'eastus')).toBe(false);
    expect(sameLocation('', '')).toBe(false);
    expect(sameLocation(undefined, 'eastus')).toBe(false);
  });
});
