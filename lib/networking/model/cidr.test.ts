import { describe, expect, it } from 'vitest';
import {
  cidrContainsAddress,
  coverage,
  formatIpv4,
  isCidr,
  mergeRanges,
  mustParseCidr,
  parseCidr,
  parseIpv4,
  parsePrefixList,
  prefixListsOverlap,
} from './cidr';

describe('parseIpv4', () => {
  it('parses dotted quads', () => {
    expect(parseIpv4('0.0.0.0')).toBe(0);
    expect(parseIpv4('10.0.0.1')).toBe(167772161);
    expect(parseIpv4('255.255.255.255')).toBe(4294967295);
  });
  it('rejects malformed addresses', () => {
    for (const bad of ['10.0.0', '10.0.0.256', '10.0.0.01', 'a.b.c.d', '10.0.0.1.2', '', '::1']) {
      expect(parseIpv4(bad), bad).toBeNull();
    }
  });
  it('round-trips through formatIpv4', () => {
    expect(formatIpv4(parseIpv4('192.168.1.77') ?? -1)).toBe('192.168.1.77');
  });
});

describe('parseCidr', () => {
  it('parses prefixes into inclusive ranges', () => {
    expect(parseCidr('10.0.0.0/24')).toEqual({ first: 167772160, last: 167772415 });
    expect(parseCidr('0.0.0.0/0')).toEqual({ first: 0, last: 4294967295 });
  });
  it('treats a bare address as /32', () => {
    expect(parseCidr('168.63.129.16')).toEqual(parseCidr('168.63.129.16/32'));
  });
  it('normalises host bits', () => {
    expect(parseCidr('10.0.0.5/24')).toEqual(parseCidr('10.0.0.0/24'));
  });
  it('rejects tags, IPv6 and bad lengths', () => {
    for (const bad of ['VirtualNetwork', '*', '10.0.0.0/33', '10.0.0.0/', '10.0.0.0/x', 'fd00::/8']) {
      expect(parseCidr(bad), bad).toBeNull();
      expect(isCidr(bad)).toBe(false);
    }
  });
  it('mustParseCidr throws on invalid input', () => {
    expect(() => mustParseCidr('Internet')).toThrow();
  });
});

describe('matching', () => {
  it('cidrContainsAddress', () => {
    expect(cidrContainsAddress('10.0.1.0/24', '10.0.1.200')).toBe(true);
    expect(cidrContainsAddress('10.0.1.0/24', '10.0.2.1')).toBe(false);
    expect(cidrContainsAddress('10.0.1.7', '10.0.1.7')).toBe(true);
    expect(cidrContainsAddress('Internet', '10.0.1.7')).toBe(false);
  });
  it('mergeRanges joins overlapping and adjacent ranges', () => {
    const merged = mergeRanges(
      parsePrefixList(['10.0.1.0/24', '10.0.0.0/24', '10.0.0.128/25', '10.0.3.0/24']).ranges,
    );
    expect(merged).toEqual([mustParseCidr('10.0.0.0/23'), mustParseCidr('10.0.3.0/24')]);
  });
  it('coverage says all / some / none', () => {
    const target = parsePrefixList(['10.0.1.0/24']).ranges;
    expect(coverage(parsePrefixList(['10.0.0.0/16']).ranges, target)).toBe('all');
    expect(coverage(parsePrefixList(['10.0.1.0/25']).ranges, target)).toBe('some');
    expect(coverage(parsePrefixList(['10.0.2.0/24']).ranges, target)).toBe('none');
    expect(coverage([], target)).toBe('none');
    expect(coverage(target, [])).toBe('none');
  });
  it('coverage handles a target split over several prefixes, covered by several prefixes', () => {
    const target = parsePrefixList(['10.0.1.0/24', '10.0.5.0/24']).ranges;
    expect(coverage(parsePrefixList(['10.0.1.0/25', '10.0.1.128/25', '10.0.5.0/24']).ranges, target)).toBe(
      'all',
    );
    expect(coverage(parsePrefixList(['10.0.1.0/24']).ranges, target)).toBe('some');
  });
  it('parsePrefixList reports what it could not parse', () => {
    expect(parsePrefixList(['10.0.0.0/8', 'Storage']).invalid).toEqual(['Storage']);
  });
  it('prefixListsOverlap', () => {
    expect(prefixListsOverlap(['10.0.0.0/16'], ['10.0.3.0/24'])).toBe(true);
    expect(prefixListsOverlap(['10.0.0.0/24'], ['10.0.1.0/24'])).toBe(false);
  });
});
