// Estimated cost of a build: what Image Builder runs while it builds, priced per hour from the Azure
// Retail Prices API (https://learn.microsoft.com/rest/api/cost-management/retail-prices/azure-retail-prices)
// for the template's region. Image Builder itself is free; the resources it creates are not. These are
// estimates: list prices, no discounts, reservations or taxes, and the duration the build was seen running.

/** One item of the Retail Prices API (the fields Kiln reads). */
export interface RetailPrice {
  currencyCode: string;
  retailPrice: number;
  unitPrice?: number;
  armRegionName: string;
  armSkuName?: string;
  meterName: string;
  productName: string;
  skuName?: string;
  serviceName: string;
  unitOfMeasure: string;
  type: string;
}

export interface BuildShape {
  vmSize: string;
  os: 'Linux' | 'Windows';
  /** The Private Link layout adds a proxy VM, a load balancer and a Private Link service. */
  privateLink: boolean;
  /** The build's container instance (Packer); present in every layout today. */
  containerInstance: boolean;
}

export interface CostLine {
  what: string;
  hourly: number;
  cost: number;
}

export interface CostEstimate {
  currency: string;
  total: number;
  lines: CostLine[];
  /** What had no price in the list (left out of the total). */
  missing: string[];
}

/** Image Builder's defaults (docs/azure/image-builder.md): build VM Standard_D1_v2, proxy VM Standard_A1_v2. */
export const DEFAULT_BUILD_VM_SIZE = 'Standard_D1_v2';
export const PROXY_VM_SIZE = 'Standard_A1_v2';
/** The Packer container's size: 1 vCPU, 1.5 GB (our assumption; Image Builder does not publish it). */
const ACI_VCPU = 1;
const ACI_MEMORY_GB = 1.5;

const perHour = (p: RetailPrice): number => {
  const unit = p.unitOfMeasure.toLowerCase();
  const price = p.retailPrice;
  if (unit.includes('hour')) return price / (Number.parseFloat(unit) || 1);
  if (unit.includes('second')) return (price * 3600) / (Number.parseFloat(unit) || 1);
  return Number.NaN;
};

const consumption = (p: RetailPrice): boolean =>
  p.type === 'Consumption' && !/spot|low priority/i.test(`${p.meterName} ${p.skuName ?? ''}`);

/** The hourly list price of a VM size for an OS (Windows prices include the licence). */
export function vmHourly(
  prices: readonly RetailPrice[],
  size: string,
  os: 'Linux' | 'Windows',
): number | undefined {
  const item = prices.find(
    (p) =>
      consumption(p) &&
      p.serviceName === 'Virtual Machines' &&
      p.armSkuName?.toLowerCase() === size.toLowerCase() &&
      /windows/i.test(p.productName) === (os === 'Windows'),
  );
  const h = item ? perHour(item) : Number.NaN;
  return Number.isFinite(h) ? h : undefined;
}

function meterHourly(prices: readonly RetailPrice[], service: string, meter: RegExp): number | undefined {
  const item = prices.find((p) => consumption(p) && p.serviceName === service && meter.test(p.meterName));
  const h = item ? perHour(item) : Number.NaN;
  return Number.isFinite(h) ? h : undefined;
}

/** The cost of a build of `durationMs` with this shape, from a region's price list. */
export function estimateCost(
  prices: readonly RetailPrice[],
  shape: BuildShape,
  durationMs: number,
): CostEstimate {
  const hours = Math.max(0, durationMs) / 3_600_000;
  const lines: CostLine[] = [];
  const missing: string[] = [];
  const add = (what: string, hourly: number | undefined) => {
    if (hourly === undefined) missing.push(what);
    else lines.push({ what, hourly, cost: hourly * hours });
  };
  add(`Build VM (${shape.vmSize}, ${shape.os})`, vmHourly(prices, shape.vmSize, shape.os));
  if (shape.containerInstance) {
    const cpu = meterHourly(prices, 'Container Instances', /vCPU Duration/i);
    const mem = meterHourly(prices, 'Container Instances', /Memory Duration/i);
    add(
      'Container instance (Packer)',
      cpu === undefined || mem === undefined ? undefined : cpu * ACI_VCPU + mem * ACI_MEMORY_GB,
    );
  }
  if (shape.privateLink) {
    add(`Proxy VM (${PROXY_VM_SIZE})`, vmHourly(prices, PROXY_VM_SIZE, 'Linux'));
    add(
      'Load balancer (Standard)',
      meterHourly(prices, 'Load Balancer', /Included LB Rules|Standard Included/i),
    );
    add('Private endpoint', meterHourly(prices, 'Virtual Network', /Standard Private Endpoint$/i));
  }
  const currency = prices[0]?.currencyCode ?? 'USD';
  return { currency, total: lines.reduce((s, l) => s + l.cost, 0), lines, missing };
}

/** Built once per currency and precision: the running cost is formatted every second. */
const moneyFormats = new Map<string, Intl.NumberFormat>();

export function formatMoney(amount: number, currency: string): string {
  const digits = amount < 1 ? 3 : 2;
  const key = `${currency}|${digits}`;
  let f = moneyFormats.get(key);
  if (!f) {
    f = new Intl.NumberFormat('en-US', {
      style: 'currency',
      currency,
      minimumFractionDigits: digits,
      maximumFractionDigits: digits,
    });
    moneyFormats.set(key, f);
  }
  return f.format(amount);
}

interface TemplateLike {
  vmProfile?: { vmSize?: string; vnetConfig?: { subnetId?: string; containerInstanceSubnetId?: string } };
  source?: {
    type?: string;
    publisher?: string;
    offer?: string;
    sku?: string;
    imageId?: string;
    imageVersionId?: string;
  };
}

/**
 * What a template's builds run. The Private Link layout (a build subnet of yours without a container
 * instance subnet) adds the proxy VM, load balancer and Private Link service; every build has the
 * container instance. Windows is read from the source image's name (an estimate, like the rest).
 */
export function buildShapeOf(t: TemplateLike): BuildShape {
  const v = t.vmProfile?.vnetConfig;
  const s = t.source;
  const name = [s?.publisher, s?.offer, s?.sku, s?.imageId, s?.imageVersionId].filter(Boolean).join(' ');
  return {
    vmSize: t.vmProfile?.vmSize || DEFAULT_BUILD_VM_SIZE,
    os: /windows/i.test(name) ? 'Windows' : 'Linux',
    privateLink: Boolean(v?.subnetId) && !v?.containerInstanceSubnetId,
    containerInstance: true,
  };
}

export interface RunningCost {
  /** What the build has cost since it started. */
  soFar: CostEstimate;
  /** What it will have cost when it ends, when the time left is known. */
  atEnd?: number;
}

/**
 * A running build's cost: the same hourly rates × the time it has run so far, and × (that + the
 * estimated time left) for its end. The build VM and the rest exist for most, not all, of a build, so
 * both figures lean high — estimates, as everywhere.
 */
export function runningCost(
  prices: readonly RetailPrice[],
  shape: BuildShape,
  elapsedMs: number,
  remainingMs?: number,
): RunningCost {
  const soFar = estimateCost(prices, shape, elapsedMs);
  if (remainingMs === undefined || !Number.isFinite(remainingMs)) return { soFar };
  const hourly = soFar.lines.reduce((s, l) => s + l.hourly, 0);
  return { soFar, atEnd: soFar.total + (hourly * Math.max(0, remainingMs)) / 3_600_000 };
}
