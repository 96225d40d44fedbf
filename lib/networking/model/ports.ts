// NSG port ranges: `*`, a single port `22`, or a range `60000-60001`; rules carry one range or a list.

export interface PortRange {
  first: number;
  last: number;
}

export const ALL_PORTS: PortRange = { first: 0, last: 65535 };

/** Parses `*`, `22` or `1000-2000`; null for anything else (including reversed or out-of-range values). */
export function parsePortRange(text: string): PortRange | null {
  const trimmed = text.trim();
  if (trimmed === '*') return { ...ALL_PORTS };
  const match = /^(\d{1,5})(?:\s*-\s*(\d{1,5}))?$/.exec(trimmed);
  if (!match) return null;
  const first = Number(match[1]);
  const last = match[2] === undefined ? first : Number(match[2]);
  if (first > 65535 || last > 65535 || last < first) return null;
  return { first, last };
}

export function portRangeContains(range: PortRange, port: number): boolean {
  return port >= range.first && port <= range.last;
}

/** Whether any of the textual ranges contains the port. Unparseable entries match nothing. */
export function portListContains(ranges: readonly string[], port: number): boolean {
  return ranges.some((text) => {
    const range = parsePortRange(text);
    return range !== null && portRangeContains(range, port);
  });
}

/** A rule's effective destination (or source) ports: the list if non-empty, else the single range, else `*`. */
export function rulePorts(single: string | undefined, list: readonly string[] | undefined): string[] {
  if (list && list.length > 0) return [...list];
  if (single !== undefined && single !== '') return [single];
  return ['*'];
}

export function formatPortRange(range: PortRange): string {
  if (range.first === 0 && range.last === 65535) return '*';
  return range.first === range.last ? String(range.first) : `${range.first}-${range.last}`;
}
