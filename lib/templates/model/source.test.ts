import { describe, expect, it } from 'vitest';
import { sourceInWords } from './source';

describe('sourceInWords', () => {
  it('names platform images', () => {
    expect(
      sourceInWords({
        type: 'PlatformImage',
        publisher: 'Canonical',
        offer: '0001-com-ubuntu-server-jammy',
        sku: '22_04-lts-gen2',
        version: 'latest',
      } as never),
    ).toBe('Ubuntu 22.04 LTS (Canonical)');
    expect(
      sourceInWords({
        type: 'PlatformImage',
        publisher: 'Canonical',
        offer: 'ubuntu-24_04-lts',
        sku: 'server',
        version: 'latest',
      } as never),
    ).toBe('Ubuntu 24.04 LTS (Canonical)');
    expect(
      sourceInWords({
        type: 'PlatformImage',
        publisher: 'MicrosoftWindowsServer',
        offer: 'WindowsServer',
        sku: '2022-datacenter-azure-edition',
        version: 'latest',
      } as never),
    ).toBe('Windows Server 2022');
    expect(
      sourceInWords({
        type: 'PlatformImage',
        publisher: 'MicrosoftWindowsDesktop',
        offer: 'windows-11',
        sku: 'win11-23h2-avd',
        version: 'latest',
      } as never),
    ).toBe('Windows 11 23H2 multi-session');
    expect(
      sourceInWords({
        type: 'PlatformImage',
        publisher: 'RedHat',
        offer: 'RHEL',
        sku: '9_4',
        version: '9.4.2024',
      } as never),
    ).toBe('Red Hat Enterprise Linux 9.4 (RedHat) 9.4.2024');
    expect(
      sourceInWords({ type: 'PlatformImage', publisher: 'Contoso', offer: 'appliance', sku: 'v2' } as never),
    ).toBe('Contoso / appliance / v2');
  });

  it('names gallery and managed images', () => {
    expect(
      sourceInWords({
        type: 'SharedImageVersion',
        imageVersionId:
          '/subscriptions/s/resourceGroups/g/providers/Microsoft.Compute/galleries/gal/images/ubuntu-base/versions/1.2.3',
      } as never),
    ).toBe('Gallery image 1.2.3 (ubuntu-base)');
    expect(
      sourceInWords({
        type: 'ManagedImage',
        imageId: '/subscriptions/s/resourceGroups/g/providers/Microsoft.Compute/images/golden',
      } as never),
    ).toBe('Managed image golden');
    expect(sourceInWords(undefined)).toBe('Unknown source');
  });
});
