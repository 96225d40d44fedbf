// "Copy command": the ready-to-paste equivalents of Start build in the ways people start AIB builds
// outside the Portal, every value quoted for its shell.
import { parseArmId } from '@/lib/azure/ids';

/** api-version used by the raw REST command (the one Kiln's SDK client sends). */
export const RUN_API_VERSION = '2025-10-01';

const BASH_SAFE = /^[A-Za-z0-9_./:=@%+,-]+$/;
const PWSH_SAFE = /^[A-Za-z0-9_./:-]+$/;

/** POSIX shell (bash, zsh): bare when only safe characters, otherwise single quotes ('\'' for '). */
export function quoteBash(value: string): string {
  if (value.length > 0 && BASH_SAFE.test(value)) return value;
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

/** PowerShell: single-quoted verbatim string; every quote character (incl. ‘ ’ ‚ ‛) doubled. */
export function quotePowerShell(value: string): string {
  if (value.length > 0 && PWSH_SAFE.test(value) && !value.startsWith('-')) return value;
  return `'${value.replace(/['‘’‚‛]/g, (q) => q + q)}'`;
}

export interface RunCommand {
  id: 'az-image-builder' | 'az-invoke-action' | 'powershell' | 'az-rest';
  label: string;
  shell: 'Bash' | 'PowerShell';
  command: string;
}

/**
 * The four commands for a template id. `armEndpoint` is the Resource Manager the REST call goes to;
 * when it is not management.azure.com, `--resource` tells az which audience to get a token for.
 */
export function runCommands(templateId: string, armEndpoint = 'https://management.azure.com'): RunCommand[] {
  const p = parseArmId(templateId);
  if (!p.resourceGroup || !p.name) throw new Error(`Not an image template id: ${templateId}`);
  const id = p.id;
  const endpoint = armEndpoint.replace(/\/+$/, '');
  const path = id
    .split('/')
    .map((s) => encodeURIComponent(s))
    .join('/');
  const url = `${endpoint}${path}/run?api-version=${RUN_API_VERSION}`;
  const resource =
    endpoint === 'https://management.azure.com'
      ? ''
      : ` --resource ${quoteBash('https://management.azure.com')}`;
  return [
    {
      id: 'az-image-builder',
      label: 'Azure CLI: az image builder run',
      shell: 'Bash',
      command: `az image builder run -n ${quoteBash(p.name)} -g ${quoteBash(p.resourceGroup)} --subscription ${quoteBash(p.subscriptionId)} --no-wait`,
    },
    {
      id: 'az-invoke-action',
      label: 'Azure CLI: az resource invoke-action',
      shell: 'Bash',
      command: `az resource invoke-action --action Run --ids ${quoteBash(id)}`,
    },
    {
      id: 'powershell',
      label: 'Azure PowerShell: Invoke-AzResourceAction',
      shell: 'PowerShell',
      command: `Invoke-AzResourceAction -ResourceId ${quotePowerShell(id)} -Action Run -Force`,
    },
    {
      id: 'az-rest',
      label: 'REST: az rest',
      shell: 'Bash',
      command: `az rest --method post --url ${quoteBash(url)}${resource}`,
    },
  ];
}
