import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { quoteBash, quotePowerShell, runCommands } from './commands';

const SUB = '0b1f6471-1bf0-4dda-aec3-cb9272f09590';
const id = (rg: string, name: string) =>
  `/subscriptions/${SUB}/resourcegroups/${rg}/providers/Microsoft.VirtualMachineImages/imageTemplates/${name}`;

/** What bash really passes as argv for a quoted word. */
function bashArgs(words: string): string[] {
  const out = execFileSync('bash', ['-c', `for a in ${words}; do printf '%s\\0' "$a"; done`]).toString();
  return out.split('\0').slice(0, -1);
}

describe('quoteBash', () => {
  it('leaves plain values bare and round-trips awkward ones through bash', () => {
    expect(quoteBash('rg-images')).toBe('rg-images');
    for (const v of ['rg (prod).v2', "it's", 'a b', '$HOME', 'x;rm -rf /', 'ünïcode', '*', '"q"', '']) {
      expect(bashArgs(quoteBash(v))).toEqual([v]);
    }
  });
});

describe('quotePowerShell', () => {
  it('single-quotes and doubles quotes', () => {
    expect(quotePowerShell('rg-images')).toBe('rg-images');
    expect(quotePowerShell('rg (prod).v2')).toBe("'rg (prod).v2'");
    expect(quotePowerShell("it's")).toBe("'it''s'");
    expect(quotePowerShell('it’s')).toBe("'it’’s'");
    expect(quotePowerShell('$env:X')).toBe("'$env:X'");
    expect(quotePowerShell('-x')).toBe("'-x'");
  });
});

describe('runCommands', () => {
  it('gives the four commands for a plain template', () => {
    const [cli, invoke, ps, rest] = runCommands(id('rg-images', 'ubuntu-22'));
    expect(cli?.command).toBe(
      `az image builder run -n ubuntu-22 -g rg-images --subscription ${SUB} --no-wait`,
    );
    const canonical = `/subscriptions/${SUB}/resourceGroups/rg-images/providers/Microsoft.VirtualMachineImages/imageTemplates/ubuntu-22`;
    expect(invoke?.command).toBe(`az resource invoke-action --action Run --ids ${canonical}`);
    expect(ps?.command).toBe(`Invoke-AzResourceAction -ResourceId ${canonical} -Action Run -Force`);
    expect(rest?.command).toBe(
      `az rest --method post --url 'https://management.azure.com${canonical}/run?api-version=2025-10-01'`,
    );
  });

  it('quotes resource groups with parentheses and dots for each shell', () => {
    const [cli, invoke, ps, rest] = runCommands(id('rg.(prod).images', 'win.2022'));
    expect(cli?.command).toContain(`-g 'rg.(prod).images'`);
    expect(cli?.command).toContain('-n win.2022');
    expect(bashArgs(cli?.command.split(' -g ')[1]?.split(' --subscription')[0] ?? '')).toEqual([
      'rg.(prod).images',
    ]);
    expect(invoke?.command).toContain(`--ids '/subscriptions/${SUB}/resourceGroups/rg.(prod).images/`);
    expect(ps?.command).toContain(`-ResourceId '/subscriptions/${SUB}/resourceGroups/rg.(prod).images/`);
    expect(rest?.command).toContain(`/resourceGroups/rg.(prod).images/providers/`);
    // The whole az rest line parses to exactly the intended argv.
    expect(bashArgs(rest?.command.replace(/^az /, '') ?? '')).toEqual([
      'rest',
      '--method',
      'post',
      '--url',
      `https://management.azure.com/subscriptions/${SUB}/resourceGroups/rg.(prod).images/providers/Microsoft.VirtualMachineImages/imageTemplates/win.2022/run?api-version=2025-10-01`,
    ]);
  });

  it('points az rest at another Resource Manager with the ARM audience', () => {
    const rest = runCommands(id('rg', 't'), 'https://localhost:4010').at(-1);
    expect(rest?.command).toMatch(
      /^az rest --method post --url 'https:\/\/localhost:4010\/subscriptions\/.+' --resource https:\/\/management.azure.com$/,
    );
  });
});
