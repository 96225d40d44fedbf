// IPv4 addresses and CIDR prefixes as half-open-free integer ranges [first, last] (both inclusive).
// Pure: no I/O. Used by the NSG evaluation and by the checks that compare subnets.

export interface Ipv4Range {
  /** First address, as an unsigned 32-bit integer. */
  first: number;
  /** Last address, inclusive. */
  last: number;
}

const OCTET = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)$/;

/** Parses a dotted-quad IPv4 address to an unsigned integer, or null if it is not one. */
export function parseIpv4(text: string): number | null {
  const parts = text.trim().split('.');
  if (parts.length !== 4) return null;
  let value = 0;
  for (const part of parts) {
    if (!OCTET.test(part)) return null;
    value = value * 256 + Number(part);
  }
  return value;
}

/** Parses a CIDR known to be valid (constants); throws otherwise. */
export function mustParseCidr(text: string): Ipv4Range {
  const range = parseCidr(text);
  if (!range) throw new Error(`Not an IPv4 prefix: ${text}`);
  return range;
}

export function formatIpv4(value: number): string {
  return [24, 16, 8, 0].map((shift) => Math.floor(value / 2 ** shift) % 256).join('.');
}

/**
 * Parses `a.b.c.d/n` or a bare address (a /32) into the range it covers. Host bits are ignored the way
 * Azure normalises them (10.0.0.5/24 covers 10.0.0.0-10.0.0.255). Returns null for anything else
 * (service tags, IPv6, `*`).
 */
export function parseCidr(text: string): Ipv4Range | null {
  const trimmed = text.trim();
  const slash = trimmed.indexOf('/');
  const addressText = slash === -1 ? trimmed : trimmed.slice(0, slash);
  const address = parseIpv4(addressText);
  if (address === null) return null;
  let bits = 32;
  if (slash !== -1) {
    const bitsText = trimmed.slice(slash + 1);
    if (!/^\d{1,2}$/.test(bitsText)) return null;
    bits = Number(bitsText);
    if (bits > 32) return null;
  }
  const size = 2 ** (32 - bits);
  const first = Math.floor(address / size) * size;
  return { first, last: first + size - 1 };
}

/** Whether `text` is an IPv4 address or CIDR prefix (as opposed to a service tag or `*`). */
export function isCidr(text: string): boolean {
  return parseCidr(text) !== null;
}

export function rangeContainsAddress(range: Ipv4Range, address: number): boolean {
  return address >= range.first && address <= range.last;
}

/** Whether `outer` covers every address of `inner`. */
export function rangeContains(outer: Ipv4Range, inner: Ipv4Range): boolean {
  return inner.first >= outer.first && inner.last <= outer.last;
}

export function rangesOverlap(a: Ipv4Range, b: Ipv4Range): boolean {
  return a.first <= b.last && b.first <= a.last;
}

/** Whether the CIDR (or address) contains the address. False when either does not parse. */
export function cidrContainsAddress(cidr: string, address: string): boolean {
  const range = parseCidr(cidr);
  const value = parseIpv4(address);
  return range !== null && value !== null && rangeContainsAddress(range, value);
}

/** Sorts and merges ranges into the fewest disjoint ranges covering the same addresses. */
export function mergeRanges(ranges: readonly Ipv4Range[]): Ipv4Range[] {
  const sorted = [...ranges].sort((a, b) => a.first - b.first);
  const merged: Ipv4Range[] = [];
  for (const range of sorted) {
    const last = merged[merged.length - 1];
    if (last && range.first <= last.last + 1) {
      last.last = Math.max(last.last, range.last);
    } else {
      merged.push({ ...range });
    }
  }
  return merged;
}

export type Coverage = 'all' | 'some' | 'none';

/**
 * How much of `target` (a set of ranges) the set `cover` covers: every address, some, or none.
 * An empty target is covered by nothing ('none').
 */
export function coverage(cover: readonly Ipv4Range[], target: readonly Ipv4Range[]): Coverage {
  const covers = mergeRanges(cover);
  const targets = mergeRanges(target);
  if (targets.length === 0) return 'none';
  let anyOverlap = false;
  let allCovered = true;
  for (const t of targets) {
    if (covers.some((c) => rangesOverlap(c, t))) anyOverlap = true;
    if (!covers.some((c) => rangeContains(c, t))) allCovered = false;
  }
  if (allCovered) return 'all';
  return anyOverlap ? 'some' : 'none';
}

/** Parses a list of prefixes, dropping (and reporting) those that are not IPv4 CIDRs. */
export function parsePrefixList(prefixes: readonly string[]): { ranges: Ipv4Range[]; invalid: string[] } {
  const ranges: Ipv4Range[] = [];
  const invalid: string[] = [];
  for (const prefix of prefixes) {
    const range = parseCidr(prefix);
    if (range) ranges.push(range);
    else invalid.push(prefix);
  }
  return { ranges, invalid };
}

/** Whether any prefix of `a` overlaps any prefix of `b`. */
export function prefixListsOverlap(a: readonly string[], b: readonly string[]): boolean {
  const ra = parsePrefixList(a).ranges;
  const rb = parsePrefixList(b).ranges;
  return ra.some((x) => rb.some((y) => rangesOverlap(x, y)));
}

/** The RFC 1918 private ranges plus shared/loopback/link-local: not the Internet. */
export const NON_INTERNET_RANGES: readonly Ipv4Range[] = [
  '10.0.0.0/8',
  '172.16.0.0/12',
  '192.168.0.0/16',
  '100.64.0.0/10',
  '127.0.0.0/8',
  '169.254.0.0/16',
  '0.0.0.0/8',
  '224.0.0.0/3',
].map(mustParseCidr);
