import { describe, expect, it } from 'vitest';
import { estimateCost, formatMoney, type RetailPrice, runningCost, vmHourly } from './cost';

const p = (
  o: Partial<RetailPrice> & Pick<RetailPrice, 'meterName' | 'serviceName' | 'retailPrice'>,
): RetailPrice => ({
  currencyCode: 'USD',
  armRegionName: 'westeurope',
  productName: o.serviceName,
  unitOfMeasure: '1 Hour',
  type: 'Consumption',
  ...o,
});

const PRICES: RetailPrice[] = [
  p({
    serviceName: 'Virtual Machines',
    armSkuName: 'Standard_D2s_v3',
    meterName: 'D2s v3',
    productName: 'Virtual Machines DSv3 Series',
    retailPrice: 0.12,
  }),
  p({
    serviceName: 'Virtual Machines',
    armSkuName: 'Standard_D2s_v3',
    meterName: 'D2s v3 Spot',
    productName: 'Virtual Machines DSv3 Series',
    retailPrice: 0.02,
  }),
  p({
    serviceName: 'Virtual Machines',
    armSkuName: 'Standard_D2s_v3',
    meterName: 'D2s v3',
    productName: 'Virtual Machines DSv3 Series Windows',
    retailPrice: 0.212,
  }),
  p({
    serviceName: 'Virtual Machines',
    armSkuName: 'Standard_A1_v2',
    meterName: 'A1 v2',
    productName: 'Virtual Machines Av2 Series',
    retailPrice: 0.043,
  }),
  p({ serviceName: 'Container Instances', meterName: 'Standard vCPU Duration', retailPrice: 0.0486 }),
  p({ serviceName: 'Container Instances', meterName: 'Standard Memory Duration', retailPrice: 0.00533 }),
  p({
    serviceName: 'Load Balancer',
    meterName: 'Standard Included LB Rules and Outbound Rules',
    retailPrice: 0.025,
  }),
  p({ serviceName: 'Virtual Network', meterName: 'Standard Private Endpoint', retailPrice: 0.01 }),
];

describe('build cost', () => {
  it('prices a VM by size and OS, ignoring spot meters', () => {
    expect(vmHourly(PRICES, 'standard_d2s_v3', 'Linux')).toBe(0.12);
    expect(vmHourly(PRICES, 'Standard_D2s_v3', 'Windows')).toBe(0.212);
    expect(vmHourly(PRICES, 'Standard_X', 'Linux')).toBeUndefined();
  });

  it('adds the container instance, and the Private Link layout’s proxy VM, load balancer and endpoint', () => {
    const twoHours = 2 * 3_600_000;
    const simple = estimateCost(
      PRICES,
      { vmSize: 'Standard_D2s_v3', os: 'Linux', privateLink: false, containerInstance: true },
      twoHours,
    );
    expect(simple.lines.map((l) => l.what)).toEqual([
      'Build VM (Standard_D2s_v3, Linux)',
      'Container instance (Packer)',
    ]);
    expect(simple.total).toBeCloseTo(2 * (0.12 + 0.0486 + 1.5 * 0.00533));
    const pl = estimateCost(
      PRICES,
      { vmSize: 'Standard_D2s_v3', os: 'Windows', privateLink: true, containerInstance: true },
      twoHours,
    );
    expect(pl.lines).toHaveLength(5);
    expect(pl.total).toBeCloseTo(2 * (0.212 + 0.0486 + 1.5 * 0.00533 + 0.043 + 0.025 + 0.01));
    expect(pl.missing).toEqual([]);
  });

  it('lists what it could not price instead of guessing', () => {
    const e = estimateCost(
      [],
      { vmSize: 'Standard_D1_v2', os: 'Linux', privateLink: false, containerInstance: true },
      3_600_000,
    );
    expect(e.total).toBe(0);
    expect(e.missing).toHaveLength(2);
  });

  it('formats small amounts with three decimals', () => {
    expect(formatMoney(0.0421, 'USD')).toBe('$0.042');
    expect(formatMoney(12.5, 'EUR')).toBe('€12.50');
  });
});

describe('build shape', () => {
  it('reads size, OS and the Private Link layout from a template', async () => {
    const { buildShapeOf } = await import('./cost');
    expect(buildShapeOf({})).toEqual({
      vmSize: 'Standard_D1_v2',
      os: 'Linux',
      privateLink: false,
      containerInstance: true,
    });
    expect(
      buildShapeOf({
        vmProfile: { vmSize: 'Standard_D2ds_v4', vnetConfig: { subnetId: '/s' } },
        source: {
          type: 'PlatformImage',
          publisher: 'MicrosoftWindowsServer',
          offer: 'WindowsServer',
          sku: '2022-datacenter',
        },
      }),
    ).toEqual({ vmSize: 'Standard_D2ds_v4', os: 'Windows', privateLink: true, containerInstance: true });
    expect(
      buildShapeOf({ vmProfile: { vnetConfig: { subnetId: '/s', containerInstanceSubnetId: '/a' } } })
        .privateLink,
    ).toBe(false);
  });
});

describe('a running build’s cost', () => {
  const shape = {
    vmSize: 'Standard_D2s_v3',
    os: 'Linux' as const,
    privateLink: false,
    containerInstance: true,
  };
  const hourly = 0.12 + 0.0486 + 0.00533 * 1.5;

  it('is the hourly rates × the time run so far, and × (that + the time left) at the end', () => {
    const r = runningCost(PRICES, shape, 30 * 60_000, 15 * 60_000);
    expect(r.soFar.total).toBeCloseTo(hourly / 2, 6);
    expect(r.atEnd).toBeCloseTo(hourly * 0.75, 6);
    expect(r.soFar.lines.map((l) => l.what)).toEqual([
      'Build VM (Standard_D2s_v3, Linux)',
      'Container instance (Packer)',
    ]);
  });

  it('grows with the time run and says nothing of the end without a time left', () => {
    const early = runningCost(PRICES, shape, 60_000);
    const later = runningCost(PRICES, shape, 120_000);
    expect(later.soFar.total).toBeCloseTo(early.soFar.total * 2, 9);
    expect(early.atEnd).toBeUndefined();
    expect(runningCost(PRICES, shape, 60_000, Number.NaN).atEnd).toBeUndefined();
    expect(runningCost(PRICES, shape, 0, -5).atEnd).toBe(0);
  });
});
