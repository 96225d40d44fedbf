import { describe, expect, it } from 'vitest';
import { formatPortRange, parsePortRange, portListContains, rulePorts } from './ports';

describe('ports', () => {
  it('parses *, single ports and ranges', () => {
    expect(parsePortRange('*')).toEqual({ first: 0, last: 65535 });
    expect(parsePortRange('22')).toEqual({ first: 22, last: 22 });
    expect(parsePortRange('60000-60001')).toEqual({ first: 60000, last: 60001 });
    expect(parsePortRange(' 80 - 90 ')).toEqual({ first: 80, last: 90 });
  });
  it('rejects reversed, out of range and non-numeric ranges', () => {
    for (const bad of ['90-80', '65536', 'ssh', '1-2-3', '']) expect(parsePortRange(bad), bad).toBeNull();
  });
  it('matches ports against lists', () => {
    expect(portListContains(['22', '5986'], 5986)).toBe(true);
    expect(portListContains(['22', '5986'], 5985)).toBe(false);
    expect(portListContains(['60000-60001'], 60001)).toBe(true);
    expect(portListContains(['60000-60001'], 60002)).toBe(false);
    expect(portListContains(['*'], 445)).toBe(true);
    expect(portListContains(['bogus'], 445)).toBe(false);
  });
  it('rulePorts prefers the list, then the single value, then *', () => {
    expect(rulePorts('22', ['443', '445'])).toEqual(['443', '445']);
    expect(rulePorts('22', [])).toEqual(['22']);
    expect(rulePorts(undefined, undefined)).toEqual(['*']);
  });
  it('formats ranges', () => {
    expect(formatPortRange({ first: 0, last: 65535 })).toBe('*');
    expect(formatPortRange({ first: 22, last: 22 })).toBe('22');
    expect(formatPortRange({ first: 60000, last: 60001 })).toBe('60000-60001');
  });
});
