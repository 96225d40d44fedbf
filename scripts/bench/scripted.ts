// The scripted alternative a user would write for the same world: list the templates of each
// subscription (every page), then GET each template — with the automation principal's token, eight
// requests at a time, each request counted.
import { armCall, automationToken, type World } from './world';

export interface ScriptedFigures {
  requests: number;
  templates: number;
  ms: number;
}

const AIB_API = '2024-02-01';
const SUBS_API = '2022-12-01';

export async function scriptedAlternative(world: World): Promise<ScriptedFigures> {
  const token = await automationToken(world);
  const t0 = Date.now();
  let requests = 0;
  const get = async (pathOrUrl: string, apiVersion?: string) => {
    requests++;
    const r = await armCall(world, token, 'GET', pathOrUrl, apiVersion);
    if (r.status !== 200) throw new Error(`scripted: GET ${pathOrUrl} → ${r.status}`);
    return r.json as { value?: { id?: string; subscriptionId?: string }[]; nextLink?: string };
  };
  const subs = await get('/subscriptions', SUBS_API);
  const ids: string[] = [];
  for (const s of subs.value ?? []) {
    let page = await get(
      `/subscriptions/${s.subscriptionId ?? ''}/providers/Microsoft.VirtualMachineImages/imageTemplates`,
      AIB_API,
    );
    for (;;) {
      for (const t of page.value ?? []) if (t.id) ids.push(t.id);
      if (!page.nextLink) break;
      page = await get(page.nextLink);
    }
  }
  let next = 0;
  const worker = async () => {
    while (next < ids.length) {
      const id = ids[next++];
      if (id) await get(id, AIB_API);
    }
  };
  await Promise.all(Array.from({ length: 8 }, worker));
  return { requests, templates: ids.length, ms: Date.now() - t0 };
}
