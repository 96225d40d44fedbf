import type { ImageTemplate } from '@azure/arm-imagebuilder';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { LastRunPanel } from './last-run-panel';

describe('the last run with data Kiln does not expect', () => {
  it('shows an unknown run state under its own name, never as “Never built”, with bidi controls visible', () => {
    const t = {
      id: '/subscriptions/0b1f6471-1bf0-4dda-aec3-cb9272f09590/resourceGroups/rg/providers/Microsoft.VirtualMachineImages/imageTemplates/t',
      lastRunStatus: { runState: 'Paused', runSubState: { s: 1 }, message: 'log at \u202Egol.exe' },
    } as unknown as ImageTemplate;
    const panel = renderToStaticMarkup(<LastRunPanel template={t} />);
    expect(panel).toContain('State not known to Kiln: “Paused”');
    expect(panel).not.toContain('Never built');
    expect(panel).toContain('U+202E');
    expect(panel).not.toMatch(/\u202E/);
  });
});
