// The Azure Retail Prices API (https://prices.azure.com/api/retail/prices; anonymous, OData `$filter`),
// answered from a small price list in its response shape: the VM sizes the seed world builds with and the
// other resources a build creates (container instance, load balancer, private endpoint), in the seed's
// regions. The figures are approximate public list prices in USD, not a live feed: Kiln labels every cost
// as an estimate. Documented in emulator/README.md ("Retail prices").
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { parseFilter } from '../http/odata.ts';

export interface PriceItem {
  currencyCode: 'USD';
  tierMinimumUnits: number;
  retailPrice: number;
  unitPrice: number;
  armRegionName: string;
  location: string;
  effectiveStartDate: string;
  meterId: string;
  meterName: string;
  productId: string;
  skuId: string;
  productName: string;
  skuName: string;
  serviceName: string;
  serviceId: string;
  serviceFamily: string;
  unitOfMeasure: string;
  type: 'Consumption';
  isPrimaryMeterRegion: boolean;
  armSkuName: string;
}

const REGIONS: Record<string, { location: string; factor: number }> = {
  eastus: { location: 'US East', factor: 1 },
  westeurope: { location: 'EU West', factor: 1.12 },
};

/** [armSkuName, series product, Linux $/h in East US, Windows $/h in East US] */
const VMS: [string, string, number, number][] = [
  ['Standard_D1_v2', 'Dv2 Series', 0.057, 0.098],
  ['Standard_D2_v2', 'Dv2 Series', 0.114, 0.196],
  ['Standard_D2s_v3', 'DSv3 Series', 0.096, 0.188],
  ['Standard_D2ds_v4', 'Ddsv4 Series', 0.113, 0.205],
  ['Standard_D4ds_v4', 'Ddsv4 Series', 0.226, 0.41],
  ['Standard_D2ds_v5', 'Ddsv5 Series', 0.113, 0.205],
  ['Standard_A1_v2', 'Av2 Series', 0.043, 0.06],
];

/** [serviceName, serviceFamily, productName, meterName, $/h in East US] */
const OTHERS: [string, string, string, string, number][] = [
  ['Container Instances', 'Containers', 'Container Instances', 'Standard vCPU Duration', 0.0486],
  ['Container Instances', 'Containers', 'Container Instances', 'Standard Memory Duration', 0.00533],
  ['Load Balancer', 'Networking', 'Load Balancer', 'Standard Included LB Rules and Outbound Rules', 0.025],
  ['Virtual Network', 'Networking', 'Virtual Network Private Link', 'Standard Private Endpoint', 0.01],
];

const round = (x: number): number => Math.round(x * 10_000) / 10_000;
const idOf = (...parts: string[]): string =>
  parts
    .join('-')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-');

function priceList(): PriceItem[] {
  const items: PriceItem[] = [];
  for (const [region, { location, factor }] of Object.entries(REGIONS)) {
    const base = {
      currencyCode: 'USD' as const,
      tierMinimumUnits: 0,
      armRegionName: region,
      location,
      effectiveStartDate: '2026-01-01T00:00:00Z',
      unitOfMeasure: '1 Hour',
      type: 'Consumption' as const,
      isPrimaryMeterRegion: true,
    };
    for (const [sku, series, linux, windows] of VMS) {
      const meter = sku.replace(/^Standard_/, '').replace(/_/g, ' ');
      for (const [os, price] of [
        ['', linux],
        [' Windows', windows],
      ] as const) {
        const p = round(price * factor);
        items.push({
          ...base,
          retailPrice: p,
          unitPrice: p,
          meterId: idOf(region, sku, os || 'linux'),
          meterName: meter,
          productId: idOf('vm', series, os || 'linux'),
          skuId: idOf(series, meter, region),
          productName: `Virtual Machines ${series}${os}`,
          skuName: meter,
          serviceName: 'Virtual Machines',
          serviceId: 'DZH313Z7MMC8',
          serviceFamily: 'Compute',
          armSkuName: sku,
        });
      }
    }
    for (const [service, family, product, meter, price] of OTHERS) {
      const p = round(price * factor);
      items.push({
        ...base,
        retailPrice: p,
        unitPrice: p,
        meterId: idOf(region, meter),
        meterName: meter,
        productId: idOf(product),
        skuId: idOf(product, region),
        productName: product,
        skuName: 'Standard',
        serviceName: service,
        serviceId: idOf(service),
        serviceFamily: family,
        armSkuName: '',
      });
    }
  }
  return items;
}

const ITEMS = priceList();
const FIELDS = new Set([
  'armregionname',
  'location',
  'servicename',
  'servicefamily',
  'productname',
  'skuname',
  'armskuname',
  'metername',
  'type',
  'pricetype',
  'currencycode',
]);

/** The API's answer to `GET /api/retail/prices?$filter=…` (400 with its error shape for a bad filter). */
export function retailPrices(query: URLSearchParams): { status: number; body: unknown } {
  const filter = query.get('$filter');
  let preds: ((i: PriceItem) => boolean)[] = [];
  try {
    preds = filter
      ? parseFilter(filter).map((c) => {
          if (c.kind !== 'cmp' || c.op !== 'eq' || !FIELDS.has(c.field.toLowerCase()))
            throw new Error(`unsupported clause in $filter`);
          const key = (c.field.toLowerCase() === 'pricetype' ? 'type' : c.field) as keyof PriceItem;
          const field = Object.keys(ITEMS[0] ?? {}).find(
            (k) => k.toLowerCase() === String(key).toLowerCase(),
          );
          return (i: PriceItem) => String(i[field as keyof PriceItem] ?? '') === c.value;
        })
      : [];
  } catch {
    return {
      status: 400,
      body: { Error: { Code: 'BadRequest', Message: `Invalid OData parameters supplied` } },
    };
  }
  const items = ITEMS.filter((i) => preds.every((p) => p(i)));
  return {
    status: 200,
    body: {
      BillingCurrency: 'USD',
      CustomerEntityId: 'Default',
      CustomerEntityType: 'Retail',
      Items: items,
      NextPageLink: null,
      Count: items.length,
    },
  };
}

export const RETAIL_PRICES_PATH = '/api/retail/prices';

/** Answers `GET /api/retail/prices` (anonymous, as the real API) and returns true; false for other paths. */
export function serveRetailPrices(req: IncomingMessage, res: ServerResponse): boolean {
  const url = new URL(req.url ?? '/', 'https://localhost');
  if (url.pathname.replace(/\/+$/, '').toLowerCase() !== RETAIL_PRICES_PATH) return false;
  const { status, body } =
    req.method === 'GET' || req.method === 'HEAD'
      ? retailPrices(url.searchParams)
      : { status: 405, body: { Error: { Code: 'MethodNotAllowed', Message: 'Only GET is supported.' } } };
  res.statusCode = status;
  res.setHeader('Content-Type', 'application/json; charset=utf-8');
  res.setHeader('x-ms-request-id', randomUUID());
  res.end(req.method === 'HEAD' ? undefined : JSON.stringify(body));
  return true;
}
