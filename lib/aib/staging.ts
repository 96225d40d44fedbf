// Image Builder's own staging resource groups (docs/azure/image-builder.md): named
// `IT_<group>_<template>_<guid>` by default, and tagged by AIB (`createdBy: AzureVMImageBuilder`,
// `imageTemplateName`). What they hold (the temporary build network of layout 1 among it) is AIB's,
// never a place to build in.

export function isStagingResourceGroupName(name: string | undefined): boolean {
  return /^IT_/i.test(name ?? '');
}

/** AIB's tags on a resource it made for a build. */
export function hasImageBuilderTags(tags: Record<string, unknown> | undefined): boolean {
  if (!tags) return false;
  const createdBy = tags.createdBy;
  return (
    (typeof createdBy === 'string' && createdBy.toLowerCase() === 'azurevmimagebuilder') ||
    typeof tags.imageTemplateName === 'string'
  );
}
