// Microsoft.ContainerInstance container group shape (api-version 2023-05-01, the
// @azure/arm-containerinstance 9 default). No etag; `properties.provisioningState` goes
// Pending/Creating → Succeeded; the container's `instanceView.currentState` tells what runs.
import type { ArmResource } from '../core/types.ts';
import { envelope, ref, type Placement } from './common.ts';

export const CONTAINER_GROUP_TYPE = 'Microsoft.ContainerInstance/containerGroups';

export type ContainerGroupProvisioningState =
  'Pending' | 'Creating' | 'Succeeded' | 'Failed' | 'Deleting' | 'Canceled';
export type ContainerState = 'Waiting' | 'Running' | 'Terminated';

export interface ContainerInput {
  name: string;
  image: string;
  cpu?: number;
  memoryInGB?: number;
  command?: string[];
  environmentVariables?: Array<{ name: string; value?: string; secureValue?: string }>;
  ports?: number[];
  state?: ContainerState;
  /** Wall-clock ISO time the container started (for Running/Terminated). */
  startTime?: string;
  finishTime?: string;
  exitCode?: number;
  detailStatus?: string;
}

export interface ContainerGroupInput extends Placement {
  containers: ContainerInput[];
  osType?: 'Linux' | 'Windows';
  subnetIds?: string[];
  privateIPAddress?: string;
  restartPolicy?: 'Always' | 'OnFailure' | 'Never';
  provisioningState?: ContainerGroupProvisioningState;
  identity?: ArmResource['identity'];
}

function containerInstanceView(c: ContainerInput): Record<string, unknown> {
  const state = c.state ?? 'Running';
  const current: Record<string, unknown> = { state, detailStatus: c.detailStatus ?? '' };
  if (c.startTime) current.startTime = c.startTime;
  if (state === 'Terminated') {
    current.exitCode = c.exitCode ?? 0;
    if (c.finishTime) current.finishTime = c.finishTime;
    current.detailStatus = c.detailStatus ?? 'Completed';
  }
  return { restartCount: 0, currentState: current, events: [] };
}

export function containerGroup(g: ContainerGroupInput): ArmResource {
  const e = envelope(g, CONTAINER_GROUP_TYPE);
  const ports = [...new Set(g.containers.flatMap((c) => c.ports ?? []))];
  const allRunning = g.containers.every((c) => (c.state ?? 'Running') === 'Running');
  const allDone = g.containers.every((c) => c.state === 'Terminated');
  const props: Record<string, unknown> = {
    sku: 'Standard',
    provisioningState: g.provisioningState ?? 'Succeeded',
    containers: g.containers.map((c) => ({
      name: c.name,
      properties: {
        image: c.image,
        ...(c.command ? { command: [...c.command] } : {}),
        ports: (c.ports ?? []).map((port) => ({ protocol: 'TCP', port })),
        environmentVariables: (c.environmentVariables ?? []).map((v) =>
          v.secureValue !== undefined ? { name: v.name } : { name: v.name, value: v.value ?? '' },
        ),
        resources: { requests: { memoryInGB: c.memoryInGB ?? 1.5, cpu: c.cpu ?? 1 } },
        instanceView: containerInstanceView(c),
      },
    })),
    initContainers: [],
    restartPolicy: g.restartPolicy ?? 'Never',
    osType: g.osType ?? 'Linux',
    instanceView: {
      events: [],
      state: allRunning ? 'Running' : allDone ? 'Succeeded' : 'Pending',
    },
  };
  if (g.subnetIds?.length) {
    props.ipAddress = {
      ports: ports.map((port) => ({ protocol: 'TCP', port })),
      ...(g.privateIPAddress ? { ip: g.privateIPAddress } : {}),
      type: 'Private',
    };
    props.subnetIds = g.subnetIds.map(ref);
  }
  return {
    id: e.id,
    name: e.name,
    type: e.type,
    location: e.location,
    ...(e.tags ? { tags: e.tags } : {}),
    ...(g.identity ? { identity: structuredClone(g.identity) } : {}),
    properties: props,
  };
}
