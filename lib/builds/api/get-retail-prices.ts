// List prices for a template's builds (VM sizes, container instance, load balancer, private endpoint) in
// its region, from the Azure Retail Prices API through /api/prices. Not an ARM operation.
'use client';
import { queryOptions, useQuery } from '@tanstack/react-query';
import type { RetailPrice } from '../model/cost';
import type { Operations } from '@/lib/azure/arm-operation';
import { API_ROUTES } from '@/lib/routes';
import { yieldToMain } from '@/lib/yield-to-main';

/** Not ARM: a public price list. */
export const OPERATIONS: Operations = [
  { notArm: 'Azure Retail Prices API (prices.azure.com, anonymous), read by /api/prices' },
];

export async function getRetailPrices(region: string, skus: string[]): Promise<RetailPrice[]> {
  // Started with the page's other reads: sent in a task of its own (lib/yield-to-main.ts).
  await yieldToMain();
  const qs = new URLSearchParams({ region });
  for (const s of skus) qs.append('sku', s);
  const res = await fetch(`${API_ROUTES.prices}?${qs.toString()}`);
  const body = (await res.json().catch(() => ({}))) as { items?: RetailPrice[]; message?: string };
  if (!res.ok) throw new Error(body.message ?? `Prices could not be read (${res.status}).`);
  return body.items ?? [];
}

export function retailPricesQueryOptions(region: string, skus: string[]) {
  const sorted = [...new Set(skus)].sort();
  return queryOptions({
    queryKey: ['retail-prices', region.toLowerCase(), ...sorted],
    queryFn: () => getRetailPrices(region, sorted),
    staleTime: 3_600_000,
    retry: false,
  });
}

export function useRetailPrices(region: string | undefined, skus: string[]) {
  return useQuery({
    ...retailPricesQueryOptions(region ?? '', skus),
    enabled: Boolean(region) && skus.length > 0,
  });
}
