// GET /api/prices?region=<armRegionName>&sku=<vm size>[&sku=…]
// List prices for what an Image Builder build runs, from the Azure Retail Prices API (anonymous; local
// Azure serves the same shape). Fetched server-side so the browser's CSP stays as it is, and cached for an
// hour per query. Used for cost estimates only.
import { serverConfig } from '@/lib/env';

export const dynamic = 'force-dynamic';

const REGION_RE = /^[a-z0-9]{2,40}$/;
const SKU_RE = /^[A-Za-z0-9_]{2,64}$/;
const TTL_MS = 3_600_000;
const cache = new Map<string, { at: number; items: unknown[] }>();

function json(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'private, max-age=3600' },
  });
}

/** Where the Retail Prices API lives: Azure's public endpoint, or local Azure. */
function pricesEndpoint(): string {
  const c = serverConfig();
  return (
    process.env.KILN_RETAIL_PRICES_ENDPOINT ??
    (c.mode === 'local' ? c.armEndpoint : 'https://prices.azure.com')
  );
}

async function query(filter: string): Promise<unknown[]> {
  const hit = cache.get(filter);
  if (hit && Date.now() - hit.at < TTL_MS) return hit.items;
  const items: unknown[] = [];
  let url: string | null = `${pricesEndpoint()}/api/retail/prices?$filter=${encodeURIComponent(filter)}`;
  for (let page = 0; url && page < 10; page++) {
    const res: Response = await fetch(url, { signal: AbortSignal.timeout(10_000) });
    if (!res.ok) throw new Error(`The Retail Prices API answered ${res.status}.`);
    const body = (await res.json()) as { Items?: unknown[]; NextPageLink?: string | null };
    items.push(...(body.Items ?? []));
    url = body.NextPageLink ?? null;
  }
  cache.set(filter, { at: Date.now(), items });
  return items;
}

export async function GET(request: Request): Promise<Response> {
  const url = new URL(request.url);
  const region = url.searchParams.get('region') ?? '';
  const skus = url.searchParams.getAll('sku');
  if (!REGION_RE.test(region) || skus.length === 0 || skus.length > 5 || !skus.every((s) => SKU_RE.test(s)))
    return json(400, { code: 'InvalidRequest', message: 'Give a region and one to five VM sizes.' });
  const base = `armRegionName eq '${region}' and priceType eq 'Consumption'`;
  try {
    const lists = await Promise.all([
      ...skus.map((s) => query(`${base} and serviceName eq 'Virtual Machines' and armSkuName eq '${s}'`)),
      query(`${base} and serviceName eq 'Container Instances'`),
      query(`${base} and serviceName eq 'Load Balancer'`),
      query(`${base} and serviceName eq 'Virtual Network'`),
    ]);
    return json(200, { items: lists.flat() });
  } catch (e) {
    return json(502, { code: 'PricesUnavailable', message: e instanceof Error ? e.message : String(e) });
  }
}
