import { describe, expect, it } from 'vitest';
import { cancelBuildDisabledReason, startBuildDisabledReason } from './availability';

const owner = { permissions: [{ actions: ['*'], notActions: [] }] };
const reader = { permissions: [{ actions: ['*/read'], notActions: [] }] };
const ok = { provisioningState: 'Succeeded' as const };

describe('startBuildDisabledReason', () => {
  it('allows an owner on a provisioned, idle template', () => {
    expect(startBuildDisabledReason(ok, owner)).toBeUndefined();
    expect(startBuildDisabledReason({ ...ok, lastRunStatus: { runState: 'Failed' } }, owner)).toBeUndefined();
  });
  it('explains why not', () => {
    expect(startBuildDisabledReason({ ...ok, lastRunStatus: { runState: 'Running' } }, owner)).toMatch(
      /already running/,
    );
    expect(startBuildDisabledReason({ ...ok, lastRunStatus: { runState: 'Canceling' } }, owner)).toMatch(
      /canceled/,
    );
    expect(startBuildDisabledReason({ provisioningState: 'Creating' }, owner)).toMatch(
      /not provisioned.*Creating/,
    );
    expect(startBuildDisabledReason(ok, reader)).toMatch(/run\/action/);
    expect(startBuildDisabledReason(ok, { permissions: undefined })).toMatch(/Checking/);
    expect(startBuildDisabledReason(ok, owner, true)).toMatch(/Starting/);
  });
  it('lets ARM decide when the permissions call failed', () => {
    expect(startBuildDisabledReason(ok, { permissions: undefined, failed: true })).toBeUndefined();
  });
});

describe('cancelBuildDisabledReason', () => {
  it('only while running, with cancel permission', () => {
    expect(
      cancelBuildDisabledReason({ ...ok, lastRunStatus: { runState: 'Running' } }, owner),
    ).toBeUndefined();
    expect(cancelBuildDisabledReason(ok, owner)).toMatch(/No build/);
    expect(cancelBuildDisabledReason({ ...ok, lastRunStatus: { runState: 'Running' } }, reader)).toMatch(
      /cancel\/action/,
    );
  });
});
