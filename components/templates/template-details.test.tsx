import type { ImageTemplate } from '@azure/arm-imagebuilder';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { RunStateBadge } from './run-state-badge';
import { TemplateDetails } from './template-details';

// What ARM may return that the SDK's types do not expect (local ARM accepted a tag whose value is an
// object; a newer API may add run states): the page renders it as text and reaches no error boundary.
const hostile = {
  id: '/subscriptions/0b1f6471-1bf0-4dda-aec3-cb9272f09590/resourceGroups/rg/providers/Microsoft.VirtualMachineImages/imageTemplates/t',
  name: 't',
  location: 'eastus',
  tags: {
    owner: { team: 'images', cost: [1, 2] },
    long: 'x'.repeat(10_240),
    evil: 'safe\u202Eexe.txt',
    '<b>tag</b>': '<img src=x onerror=alert(1)>',
  },
  source: { type: 'PlatformImage', publisher: { a: 1 }, offer: 7 },
  customize: [
    {
      type: 'Shell',
      name: { weird: true },
      inline: ['echo "\u2067ok\u2069"; rm -rf /', { not: 'a string' }],
    },
    null,
    'not an object',
  ],
  vmProfile: { vmSize: { size: 'big' }, osDiskSizeGB: 'lots', userAssignedIdentities: 'nope' },
  distribute: [{ type: 'VHD', runOutputName: { a: 1 }, replicationRegions: 'eastus' }],
  identity: { type: { t: 'UserAssigned' }, userAssignedIdentities: { 'not-an-arm-id': {} } },
  exactStagingResourceGroup: { id: 'x' },
  provisioningState: ['Succeeded'],
  lastRunStatus: { runState: 'Paused', runSubState: { s: 1 }, message: 'log at \u202Egol.exe' },
} as unknown as ImageTemplate;

describe('unexpected data never crashes a page', () => {
  it('renders any value as text: objects as JSON, bidi controls visible, long values cut', () => {
    const html = renderToStaticMarkup(<TemplateDetails template={hostile} />);
    expect(html).toContain('{&quot;team&quot;:&quot;images&quot;,&quot;cost&quot;:[1,2]}');
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(html).not.toContain('<img');
    // Trojan Source: the controls are shown as code points, never sent to the page as themselves.
    expect(html).toMatch(/U\+202E/);
    expect(html).toMatch(/U\+2067/);
    expect(html).not.toMatch(/[\u202A-\u202E\u2066-\u2069]/);
    // A 10 KB tag is cut, the whole value one click away.
    expect(html).not.toContain('x'.repeat(1000));
    expect(html).toContain('Show all 10,240 characters');
  });

  it('shows a run state it does not know under its own name', () => {
    const badge = renderToStaticMarkup(
      <RunStateBadge status={{ runState: { odd: 1 }, runSubState: 'toString' } as never} />,
    );
    expect(badge).toContain('{&quot;odd&quot;:1}');
    expect(renderToStaticMarkup(<RunStateBadge status={{ runState: 'toString' } as never} />)).toContain(
      'toString',
    );
  });
});
