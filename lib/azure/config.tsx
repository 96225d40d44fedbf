'use client';
// The public run-time configuration in the browser: a React context for components, and a module
// holder for code outside React (the SDK client factory). Set once by the (main) providers.
import { createContext, type ReactNode, useContext, useState } from 'react';
import type { PublicConfig } from '@/lib/env';

let current: PublicConfig | undefined;

const ConfigContext = createContext<PublicConfig | null>(null);

/** Makes the configuration available outside React (idempotent). */
export function setKilnConfig(config: PublicConfig): PublicConfig {
  current = config;
  return config;
}

export function ConfigProvider({ config, children }: { config: PublicConfig; children: ReactNode }) {
  // The holder must be set before children render (their queries build SDK clients).
  const [value] = useState(() => setKilnConfig(config));
  return <ConfigContext.Provider value={value}>{children}</ConfigContext.Provider>;
}

/** The run-time configuration (ARM endpoint, poll interval, mode …) inside the app's providers. */
export function useKilnConfig(): PublicConfig {
  const c = useContext(ConfigContext);
  if (!c) throw new Error('useKilnConfig must be used inside ConfigProvider');
  return c;
}

/** The same configuration outside React; throws before ConfigProvider has rendered. */
export function kilnConfig(): PublicConfig {
  if (!current) throw new Error('Kiln configuration is not loaded yet (ConfigProvider has not rendered).');
  return current;
}
