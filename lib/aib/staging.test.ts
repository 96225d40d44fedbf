import { describe, expect, it } from 'vitest';
import { hasImageBuilderTags, isStagingResourceGroupName } from './staging';

describe('Image Builder’s own staging resources', () => {
  it('knows staging resource group names and AIB’s tags', () => {
    expect(isStagingResourceGroupName('IT_rg_tmpl_3e9f77e1')).toBe(true);
    expect(isStagingResourceGroupName('it_rg')).toBe(true);
    expect(isStagingResourceGroupName('rg-net')).toBe(false);
    expect(isStagingResourceGroupName(undefined)).toBe(false);
    expect(hasImageBuilderTags({ createdBy: 'AzureVMImageBuilder' })).toBe(true);
    expect(hasImageBuilderTags({ imageTemplateName: 't' })).toBe(true);
    expect(hasImageBuilderTags({ createdBy: 'someone' })).toBe(false);
    expect(hasImageBuilderTags(undefined)).toBe(false);
  });
});
