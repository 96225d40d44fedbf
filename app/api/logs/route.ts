// GET /api/logs?template=<image template id>[&run=<packerlogs folder>]
// Reads the build's customization.log server-side on the user's behalf (docs/azure/sign-in-and-storage.md): the browser cannot
// read the staging storage account (no CORS rules), and its ARM token cannot be used for storage.
// Authorization: Bearer <the user's ARM token>. The blob endpoint comes from ARM, never from the client.
import { readCustomizationLog } from '@/lib/azure/blob-log';
import { serverConfig } from '@/lib/env';
import { logPathFromMessage } from '@/lib/logs/model/parse';

export const dynamic = 'force-dynamic';

function json(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' },
  });
}

export async function GET(request: Request): Promise<Response> {
  const auth = request.headers.get('authorization') ?? '';
  const m = /^Bearer\s+([A-Za-z0-9._~+/=-]+)$/.exec(auth);
  if (!m?.[1])
    return json(401, { code: 'Unauthorized', message: 'Sign in again: no ARM access token was sent.' });
  const url = new URL(request.url);
  const templateId = url.searchParams.get('template');
  if (!templateId)
    return json(400, { code: 'MissingTemplate', message: 'The template parameter is required.' });
  const run = url.searchParams.get('run') ?? undefined;
  const result = await readCustomizationLog({
    armToken: m[1],
    armEndpoint: serverConfig().armEndpoint,
    templateId,
    ...(run ? { run } : {}),
    runFromTemplate: (message) => logPathFromMessage(message)?.run,
  });
  if (!result.ok) return json(result.status, { code: result.code, message: result.message });
  return json(200, result);
}
