import { describe, expect, it } from 'vitest';
import { isValidRunFolder, readCustomizationLog } from './blob-log';

const TEMPLATE =
  '/subscriptions/0b1f6471-1bf0-4dda-aec3-cb9272f09590/resourceGroups/rg-images/providers/Microsoft.VirtualMachineImages/imageTemplates/ubuntu2204-base';
// Nothing listens here: a request that got through validation would fail as a network error, not 400.
const NOWHERE = 'https://127.0.0.1:1';

describe('the log route’s inputs', () => {
  it('knows AIB’s run folder names and nothing with dots or slashes', () => {
    expect(isValidRunFolder('01a41885-aaaa')).toBe(true);
    expect(isValidRunFolder('756f6629-eff9-4c6b-9f0e-1d2c3b4a5968')).toBe(true);
    for (const bad of ['..', '.', 'a/../b', 'a..b', '.hidden', '', 'a%2F', 'x'.repeat(129)])
      expect(isValidRunFolder(bad), bad).toBe(false);
  });

  it.each([
    ['run=..', { templateId: TEMPLATE, run: '..' }, 'InvalidRun'],
    ['run=./x', { templateId: TEMPLATE, run: 'a.b' }, 'InvalidRun'],
    ['a template id with ..', { templateId: `${TEMPLATE}/../../x/y` }, 'InvalidTemplateId'],
    ['a template named ..', { templateId: TEMPLATE.replace('ubuntu2204-base', '..') }, 'InvalidTemplateId'],
  ])('refuses %s with 400 before any call', async (_what, input, code) => {
    const r = await readCustomizationLog({ armToken: 't', armEndpoint: NOWHERE, ...input });
    expect(r).toMatchObject({ ok: false, status: 400, code });
  });
});
