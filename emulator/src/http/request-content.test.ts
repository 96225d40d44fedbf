import { describe, expect, it } from 'vitest';
import { ArmError } from '../core/errors.ts';
import {
  MAX_JSON_DEPTH,
  jsonDepth,
  parseRequestJson,
  validateRequestContent,
  validateTags,
} from './request-content.ts';

function codeOf(f: () => unknown): string | undefined {
  try {
    f();
    return undefined;
  } catch (e) {
    if (e instanceof ArmError) return `${e.status} ${e.code}`;
    throw e;
  }
}

const nested = (n: number, open = '[', close = ']'): string => open.repeat(n) + close.repeat(n);

describe('JSON depth', () => {
  it('counts nesting of objects and arrays, ignoring brackets inside strings', () => {
    expect(jsonDepth('{"a":[1,{"b":"[[[{{{"}]}')).toBe(3);
    expect(jsonDepth('"\\"[["')).toBe(0);
    expect(jsonDepth(nested(10))).toBe(10);
  });

  it('accepts ARM’s maximum depth and refuses one more with 400 InvalidRequestContent', () => {
    expect(parseRequestJson(nested(MAX_JSON_DEPTH))).toBeInstanceOf(Array);
    expect(codeOf(() => parseRequestJson(nested(MAX_JSON_DEPTH + 1)))).toBe('400 InvalidRequestContent');
    // Far beyond what a recursive reader survives: still a 400, quickly.
    expect(codeOf(() => parseRequestJson(nested(1_000_000, '{"a":', '}')))).toBe('400 InvalidRequestContent');
    expect(codeOf(() => parseRequestJson('{"a":'))).toBe('400 InvalidRequestContent');
  });
});

describe('tags as ARM validates them', () => {
  const many = (n: number): Record<string, string> =>
    Object.fromEntries(Array.from({ length: n }, (_, i) => [`t${i}`, 'v']));

  it('accepts 50 string tags with a 512-character name and a 256-character value', () => {
    expect(codeOf(() => validateTags(many(50)))).toBeUndefined();
    expect(codeOf(() => validateTags({ ['n'.repeat(512)]: 'v'.repeat(256) }))).toBeUndefined();
    expect(codeOf(() => validateTags({ 'a b:c=d.e-f_g@h': '<b>x</b> & % ? /' }))).toBeUndefined();
  });

  it('refuses each broken rule with ARM’s code', () => {
    expect(codeOf(() => validateTags(many(51)))).toBe('400 InvalidTags');
    expect(codeOf(() => validateTags({ ['n'.repeat(513)]: 'v' }))).toBe('400 InvalidTagName');
    expect(codeOf(() => validateTags({ ' ': 'v' }))).toBe('400 InvalidTagName');
    expect(codeOf(() => validateTags({ a: 'v'.repeat(257) }))).toBe('400 InvalidTagValueLength');
    for (const c of ['<', '>', '%', '&', '\\', '?', '/', '\u0000', '\n'])
      expect(
        codeOf(() => validateTags({ [`a${c}b`]: 'v' })),
        JSON.stringify(c),
      ).toBe('400 InvalidTagNameCharacters');
    for (const v of [{ nested: 'x' }, ['x'], 5, true, null])
      expect(
        codeOf(() => validateTags({ a: v })),
        JSON.stringify(v),
      ).toBe('400 InvalidRequestContent');
    expect(codeOf(() => validateTags(['a']))).toBe('400 InvalidRequestContent');
    expect(codeOf(() => validateTags('a=b'))).toBe('400 InvalidRequestContent');
  });

  it('a storage account’s tag names have at most 128 characters', () => {
    const long = { ['n'.repeat(129)]: 'v' };
    expect(codeOf(() => validateTags(long))).toBeUndefined();
    expect(codeOf(() => validateTags(long, { resourceType: 'Microsoft.Storage/storageAccounts' }))).toBe(
      '400 InvalidTagName',
    );
  });

  it('checks PUT and PATCH bodies; a PATCH may remove a tag with null', () => {
    expect(codeOf(() => validateRequestContent('PUT', { tags: { a: { b: 1 } } }))).toBe(
      '400 InvalidRequestContent',
    );
    expect(codeOf(() => validateRequestContent('PATCH', { tags: { a: null } }))).toBeUndefined();
    expect(codeOf(() => validateRequestContent('PUT', { tags: { a: null } }))).toBe(
      '400 InvalidRequestContent',
    );
    expect(codeOf(() => validateRequestContent('POST', { tags: { a: { b: 1 } } }))).toBeUndefined();
    expect(codeOf(() => validateRequestContent('PUT', { location: 'eastus' }))).toBeUndefined();
  });
});
