// A template's source image in words: "Ubuntu 22.04 LTS (Canonical)", "Windows Server 2022",
// "Gallery image 1.2.3 (def)", "Managed image name".
import type { ImageTemplateSourceUnion } from '@azure/arm-imagebuilder';

interface Platform {
  publisher?: unknown;
  offer?: unknown;
  sku?: unknown;
  version?: unknown;
}

/** A string field of ARM data, or '' for anything else (data is shown as text, never trusted to be one). */
function text(v: unknown): string {
  return typeof v === 'string' ? v : '';
}

function ubuntu(offer: string, sku: string): string | undefined {
  const m = /(\d{2})[._](\d{2})/.exec(`${sku} ${offer}`);
  if (!m) return undefined;
  const lts = /lts/i.test(sku) || /lts/i.test(offer) || Number(m[1]) % 2 === 0 ? ' LTS' : '';
  const pro = /pro/i.test(offer) ? ' Pro' : '';
  return `Ubuntu${pro} ${m[1]}.${m[2]}${lts}`;
}

function windowsServer(sku: string): string | undefined {
  const m = /(20\d\d)/.exec(sku);
  if (!m) return undefined;
  const core = /core/i.test(sku) ? ' Server Core' : '';
  return `Windows Server ${m[1]}${core}`;
}

function windowsDesktop(offer: string, sku: string): string | undefined {
  const ver = /windows-(\d+)/i.exec(offer)?.[1] ?? /win(\d+)/i.exec(sku)?.[1];
  if (!ver) return undefined;
  const release = /(\d\d)h(\d)/i.exec(sku);
  const multi = /avd|evd/i.test(sku) ? ' multi-session' : '';
  return `Windows ${ver}${release ? ` ${release[1]}H${release[2]}` : ''}${multi}`;
}

function rhel(sku: string): string | undefined {
  const m = /^(\d+)[._-]?(\d+)?/.exec(sku);
  return m ? `Red Hat Enterprise Linux ${m[1]}${m[2] ? `.${m[2]}` : ''}` : undefined;
}

export function platformImageInWords(p: Platform): string {
  const publisher = text(p.publisher);
  const offer = text(p.offer);
  const sku = text(p.sku);
  const version = text(p.version);
  const pub = publisher.toLowerCase();
  let name: string | undefined;
  if (pub === 'canonical') name = ubuntu(offer, sku);
  else if (pub === 'microsoftwindowsserver') name = windowsServer(sku);
  else if (pub === 'microsoftwindowsdesktop') name = windowsDesktop(offer, sku);
  else if (pub === 'redhat') name = rhel(sku);
  else if (pub === 'almalinux') name = `AlmaLinux ${sku.replace(/[-_]gen2$/i, '').replace(/[-_]/g, '.')}`;
  else if (pub === 'debian') name = `Debian ${/(\d+)/.exec(offer)?.[1] ?? sku}`;
  const pinned = version && version.toLowerCase() !== 'latest' ? ` ${version}` : '';
  if (name) {
    // Windows is Microsoft's own name; others say who publishes them.
    return pub.startsWith('microsoftwindows') ? `${name}${pinned}` : `${name} (${publisher})${pinned}`;
  }
  return [publisher, offer, sku].filter(Boolean).join(' / ') + pinned || 'Platform image';
}

function lastSegments(id: string): string[] {
  return id.split('/').filter(Boolean);
}

export function sourceInWords(source: ImageTemplateSourceUnion | undefined): string {
  if (!source || typeof source !== 'object') return 'Unknown source';
  switch (source.type) {
    case 'PlatformImage':
      return platformImageInWords(source as Platform);
    case 'SharedImageVersion': {
      const s = source as { imageVersionId?: unknown; exactVersion?: unknown };
      const seg = lastSegments(text(s.imageVersionId));
      const vIdx = seg.findIndex((x) => x.toLowerCase() === 'versions');
      const iIdx = seg.findIndex((x) => x.toLowerCase() === 'images');
      const version = vIdx >= 0 ? seg[vIdx + 1] : undefined;
      const def = iIdx >= 0 ? seg[iIdx + 1] : undefined;
      const v =
        version?.toLowerCase() === 'latest' && text(s.exactVersion)
          ? `latest (${text(s.exactVersion)})`
          : version;
      return `Gallery image ${v ?? ''}${def ? ` (${def})` : ''}`.replace(/\s+/g, ' ').trim();
    }
    case 'ManagedImage': {
      const s = source as { imageId?: unknown };
      const seg = lastSegments(text(s.imageId));
      return `Managed image ${seg[seg.length - 1] ?? ''}`.trim();
    }
    default:
      return text(source.type as unknown) || 'Unknown source';
  }
}
