// The finished build's `packerlogs/<run>/customization.log`, read server-side by /api/logs (the staging
// storage account has no CORS rules; the handler uses the user's ARM token to reach listKeys).
'use client';
import { queryOptions, useQuery } from '@tanstack/react-query';
import { getArmToken } from '@/lib/auth/msal';
import { armKeys } from '@/lib/query/keys';
import { PACKER_LOG_BLOBS, PACKER_LOG_OPERATIONS, sentBy, type Operations } from '@/lib/azure/arm-operation';
import { API_ROUTES } from '@/lib/routes';
import { yieldToMain } from '@/lib/yield-to-main';

/** No ARM call from the browser: Kiln's /api/logs sends these with the user's token. */
export const OPERATIONS: Operations = [...sentBy(API_ROUTES.logs, PACKER_LOG_OPERATIONS), PACKER_LOG_BLOBS];

export interface BlobLog {
  kind: 'ok';
  account: string;
  run: string;
  content: string;
  truncated: boolean;
}
export interface BlobLogProblem {
  kind: 'problem';
  status: number;
  code: string;
  message: string;
}

export async function getCustomizationLog(
  templateId: string,
  run?: string,
): Promise<BlobLog | BlobLogProblem> {
  // Started with the page's other reads: token and fetch in a task of their own (lib/yield-to-main.ts).
  await yieldToMain();
  const { token } = await getArmToken();
  const qs = new URLSearchParams({ template: templateId, ...(run ? { run } : {}) });
  const res = await fetch(`${API_ROUTES.logs}?${qs.toString()}`, {
    headers: { authorization: `Bearer ${token}` },
    cache: 'no-store',
  });
  const body = (await res.json().catch(() => ({}))) as {
    code?: string;
    message?: string;
    account?: string;
    run?: string;
    content?: string;
    truncated?: boolean;
  };
  if (!res.ok) {
    return {
      kind: 'problem',
      status: res.status,
      code: body.code ?? `HTTP${res.status}`,
      message: body.message ?? 'The build log could not be read.',
    };
  }
  return {
    kind: 'ok',
    account: body.account ?? '',
    run: body.run ?? '',
    content: body.content ?? '',
    truncated: Boolean(body.truncated),
  };
}

export function customizationLogQueryOptions(
  templateId: string,
  run: string | undefined,
  endTime: string | undefined,
) {
  return queryOptions({
    // A new run (endTime) is a new log.
    queryKey: armKeys.aspect(templateId, 'customizationlog', run ?? 'latest', endTime ?? ''),
    queryFn: () => getCustomizationLog(templateId, run),
    staleTime: 5 * 60_000,
    retry: false,
  });
}

export function useCustomizationLog(
  templateId: string | undefined,
  run: string | undefined,
  endTime: string | undefined,
  enabled: boolean,
) {
  return useQuery({
    ...customizationLogQueryOptions(templateId ?? '', run, endTime),
    enabled: enabled && Boolean(templateId),
  });
}
