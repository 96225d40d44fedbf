import { describe, expect, it } from 'vitest';
import { subnet, aciDelegation, side, layout3, layout2, byId } from './fixtures';
import { runChecks } from './run-checks';

describe('build-subnet-usable', () => {
  it('fails for a build subnet delegated to container instances, warns for other delegations', () => {
    expect(
      byId(
        runChecks(layout3({ build: side(subnet('build', '10.20.1.0/24', { delegations: aciDelegation })) })),
        'build-subnet-usable',
      ).status,
    ).toBe('fail');
    expect(
      byId(
        runChecks(
          layout2({
            build: side(
              subnet('build', '10.20.1.0/24', {
                privateLinkServiceNetworkPolicies: 'Disabled',
                delegations: [{ serviceName: 'Microsoft.Web/serverFarms' }],
              }),
            ),
          }),
        ),
        'build-subnet-usable',
      ).status,
    ).toBe('warning');
  });
});
