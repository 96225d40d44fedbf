// A Resource Graph row of the templates query (lib/azure/graph-queries.ts IMAGE_TEMPLATES_QUERY) as the
// ImageTemplate the rest of the list works with — the shape @azure/arm-imagebuilder gives for a GET:
// properties flattened to the top, run times as Dates. Only the projected properties are present.
import type { ImageTemplate } from '@azure/arm-imagebuilder';

type Row = Record<string, unknown>;

function isRecord(v: unknown): v is Row {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function text(v: unknown): string | undefined {
  return typeof v === 'string' && v !== '' ? v : undefined;
}

function date(v: unknown): Date | undefined {
  if (typeof v !== 'string' || v === '') return undefined;
  const d = new Date(v);
  return Number.isNaN(d.getTime()) ? undefined : d;
}

function lastRunStatus(v: unknown): ImageTemplate['lastRunStatus'] {
  if (!isRecord(v)) return undefined;
  const out: Row = { ...v };
  const start = date(v.startTime);
  const end = date(v.endTime);
  if (start) out.startTime = start;
  else delete out.startTime;
  if (end) out.endTime = end;
  else delete out.endTime;
  return out as ImageTemplate['lastRunStatus'];
}

export function graphRowToImageTemplate(row: Row): ImageTemplate {
  const t: Row = {
    id: text(row.id),
    name: text(row.name),
    type: 'Microsoft.VirtualMachineImages/imageTemplates',
    location: text(row.location) ?? '',
  };
  if (isRecord(row.tags)) t.tags = row.tags;
  if (isRecord(row.source)) t.source = row.source;
  if (isRecord(row.vmProfile)) t.vmProfile = row.vmProfile;
  const run = lastRunStatus(row.lastRunStatus);
  if (run) t.lastRunStatus = run;
  if (text(row.provisioningState)) t.provisioningState = row.provisioningState;
  if (isRecord(row.provisioningError)) t.provisioningError = row.provisioningError;
  if (text(row.exactStagingResourceGroup)) t.exactStagingResourceGroup = row.exactStagingResourceGroup;
  return t as unknown as ImageTemplate;
}
