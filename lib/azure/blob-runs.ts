// The per-run folders Image Builder leaves in the staging account's `packerlogs` container (one folder per
// build, `packerlogs/<run>/customization.log`), listed and streamed server-side for the run history.
import type { ContainerClient } from '@azure/storage-blob';

export interface RunFolderBlob {
  /** The folder name (a GUID). */
  name: string;
  /** Epoch ms the log blob was created / last written. */
  createdAt?: number;
  modifiedAt?: number;
  bytes: number;
}

/** Every run folder with a customization.log, newest first. */
export async function listRunFolders(container: ContainerClient): Promise<RunFolderBlob[]> {
  const out: RunFolderBlob[] = [];
  for await (const b of container.listBlobsFlat()) {
    const m = /^([A-Za-z0-9._-]{1,128})\/customization\.log$/.exec(b.name);
    if (!m?.[1]) continue;
    out.push({
      name: m[1],
      ...(b.properties.createdOn ? { createdAt: b.properties.createdOn.getTime() } : {}),
      ...(b.properties.lastModified ? { modifiedAt: b.properties.lastModified.getTime() } : {}),
      bytes: b.properties.contentLength ?? 0,
    });
  }
  return out.sort((a, b) => (b.createdAt ?? b.modifiedAt ?? 0) - (a.createdAt ?? a.modifiedAt ?? 0));
}

/** Streams one run's customization.log to `onChunk` without holding it whole. */
export async function streamRunLog(
  container: ContainerClient,
  run: string,
  onChunk: (chunk: Uint8Array) => void,
): Promise<void> {
  const res = await container.getBlobClient(`${run}/customization.log`).download();
  const body = res.readableStreamBody;
  if (!body) return;
  for await (const chunk of body) {
    onChunk(typeof chunk === 'string' ? new TextEncoder().encode(chunk) : (chunk as Uint8Array));
  }
}
