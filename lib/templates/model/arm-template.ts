// An image template read with a thin ARM call (lib/azure/arm-get.ts: properties already flattened) in
// the shape @azure/arm-imagebuilder's deserializer gives: its times as Dates (the run's start and end,
// systemData's created/modified). Nothing else in the template is renamed or converted by the SDK.
import type { ImageTemplate } from '@azure/arm-imagebuilder';

type Json = Record<string, unknown>;

function isRecord(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The SDK's rule: a present value becomes a Date, an absent or empty one stays as it was. */
function dates(o: unknown, keys: readonly string[]): unknown {
  if (!isRecord(o)) return o;
  const out: Json = { ...o };
  for (const k of keys) {
    const v = o[k];
    if (typeof v === 'string' && v !== '') out[k] = new Date(v);
  }
  return out;
}

export function imageTemplateFromArm(flat: unknown): ImageTemplate {
  if (!isRecord(flat)) throw new Error('An image template read from ARM is not an object.');
  const t: Json = { ...flat };
  if ('lastRunStatus' in flat) t.lastRunStatus = dates(flat.lastRunStatus, ['startTime', 'endTime']);
  if ('systemData' in flat) t.systemData = dates(flat.systemData, ['createdAt', 'lastModifiedAt']);
  return t as unknown as ImageTemplate;
}
