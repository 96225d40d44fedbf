// GET /api/runs?template=<image template id>[&newest=1]
// The runs Image Builder still has logs for: each `packerlogs/<run>/customization.log` in the template's
// staging storage account, read server-side on the user's behalf (as /api/logs) and cut into steps with
// their durations while streaming (a log is never held whole). Authorization: Bearer <the user's ARM token>.
import { openPackerLogs } from '@/lib/azure/blob-log';
import { listRunFolders, streamRunLog } from '@/lib/azure/blob-runs';
import { serverConfig } from '@/lib/env';
import type { RunLogSummary } from '@/lib/builds/model/run-logs';
import { LogStepReader } from '@/lib/logs/model/steps';

export const dynamic = 'force-dynamic';

/** The chart shows the last 30 runs; older folders are listed without being read. */
const READ_NEWEST = 30;
const PARALLEL = 4;

function json(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' },
  });
}

export async function GET(request: Request): Promise<Response> {
  const m = /^Bearer\s+([A-Za-z0-9._~+/=-]+)$/.exec(request.headers.get('authorization') ?? '');
  if (!m?.[1])
    return json(401, { code: 'Unauthorized', message: 'Sign in again: no ARM access token was sent.' });
  const params = new URL(request.url).searchParams;
  const templateId = params.get('template');
  // newest=1: only the newest run's log (a running build's steps so far).
  const readCount = params.get('newest') === '1' ? 1 : READ_NEWEST;
  if (!templateId)
    return json(400, { code: 'MissingTemplate', message: 'The template parameter is required.' });
  const logs = await openPackerLogs({ armToken: m[1], armEndpoint: serverConfig().armEndpoint, templateId });
  if (!logs.ok) return json(logs.status, { code: logs.code, message: logs.message });
  try {
    const all = await listRunFolders(logs.container);
    const folders = readCount === 1 ? all.slice(0, 1) : all;
    const runs: RunLogSummary[] = folders.map((f) => ({ ...f, read: false }));
    let next = 0;
    const worker = async () => {
      while (next < Math.min(readCount, runs.length)) {
        const i = next++;
        const run = runs[i];
        if (!run) continue;
        const reader = new LogStepReader();
        await streamRunLog(logs.container, run.name, (c) => reader.push(c));
        // newest=1 reads a running build's log as it is being written: its open step is still running.
        const r = reader.end(readCount === 1);
        runs[i] = { ...run, read: true, steps: r.steps, outcome: r.outcome, lines: r.lines, tail: r.tail };
      }
    };
    await Promise.all(Array.from({ length: PARALLEL }, worker));
    return json(200, { account: logs.account, runs });
  } catch (e) {
    const status = (e as { statusCode?: number }).statusCode;
    return json(status === 404 ? 404 : 502, {
      code: status === 404 ? 'LogNotFound' : 'BlobReadFailed',
      message: `The build logs could not be read from ${logs.account}.`,
    });
  }
}
