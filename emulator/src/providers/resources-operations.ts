// Generic long-running-operation status routes, backed by the platform's Lro, for any provider:
//   …/providers/{ns}/locations/{location}/operations/{id}       Azure-AsyncOperation body
//   …/providers/{ns}/locations/{location}/operationStatuses/{id}
//   …/providers/{ns}/locations/{location}/operationResults/{id}  Location semantics (202 → 200/204)
//   /subscriptions/{s}/operationresults/{id}                     resource group deletion (Location)
// Registered after every provider so a provider's own route for the same path wins.
import type { ArmResponse, ProviderDeps, RouteContext, RouteDef } from '../core/types.ts';
import { ArmError } from '../core/errors.ts';
import type { MemoryLro } from '../core/lro.ts';
import { encodePathForUrl } from '../http/resource-path.ts';

function notFound(id: string): ArmError {
  return new ArmError(404, 'OperationNotFound', `The operation '${id}' could not be found.`);
}

function statusBody(ctx: RouteContext): ArmResponse {
  const id = ctx.params.operationId ?? '';
  const op = ctx.lro.get(id);
  if (!op) throw notFound(id);
  const headers: Record<string, string> = {};
  if (op.status === 'InProgress') headers['Retry-After'] = String(ctx.clock.retryAfterSeconds(15));
  return { status: 200, body: op, headers };
}

function resultBody(lro: MemoryLro | undefined) {
  return (ctx: RouteContext): ArmResponse => {
    const id = ctx.params.operationId ?? '';
    const op = ctx.lro.get(id);
    if (!op) throw notFound(id);
    if (op.status === 'InProgress') {
      return {
        status: 202,
        headers: {
          Location: `${ctx.req.baseUrl}${encodePathForUrl(ctx.req.path)}?api-version=${encodeURIComponent(ctx.req.apiVersion)}`,
          'Retry-After': String(ctx.clock.retryAfterSeconds(15)),
        },
      };
    }
    if (op.status === 'Succeeded') {
      const result = lro?.result(id);
      return result === undefined ? { status: 204 } : { status: 200, body: result };
    }
    const err = op.error ?? {
      code: op.status === 'Canceled' ? 'OperationCanceled' : 'OperationFailed',
      message: `The operation ${op.status.toLowerCase()}.`,
    };
    throw new ArmError(op.status === 'Canceled' ? 409 : 400, err.code, err.message);
  };
}

/** `lro` gives access to stored results; pass the platform's MemoryLro. */
export function operationRoutes(_deps: ProviderDeps, lro?: MemoryLro): RouteDef[] {
  const any = ['*'];
  const base = '/subscriptions/{subscriptionId}/providers/{providerNamespace}/locations/{location}';
  const rgBase =
    '/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/providers/{providerNamespace}/locations/{location}';
  const out: RouteDef[] = [];
  for (const b of [base, rgBase]) {
    out.push(
      {
        method: 'GET',
        operationId: { notInSpec: 'async operation status (Azure-AsyncOperation)' },
        path: `${b}/operations/{operationId}`,
        apiVersions: any,
        action: null,
        handle: statusBody,
      },
      {
        method: 'GET',
        operationId: { notInSpec: 'async operation status (operationStatuses)' },
        path: `${b}/operationStatuses/{operationId}`,
        apiVersions: any,
        action: null,
        handle: statusBody,
      },
      {
        method: 'GET',
        operationId: { notInSpec: 'async operation result (Location)' },
        path: `${b}/operationResults/{operationId}`,
        apiVersions: any,
        action: null,
        handle: resultBody(lro),
      },
    );
  }
  out.push({
    method: 'GET',
    operationId: { notInSpec: 'resource group deletion result (Location)' },
    path: '/subscriptions/{subscriptionId}/operationresults/{operationId}',
    apiVersions: any,
    action: null,
    handle: resultBody(lro),
  });
  return out;
}

export function routes(deps: ProviderDeps): RouteDef[] {
  return operationRoutes(deps);
}
