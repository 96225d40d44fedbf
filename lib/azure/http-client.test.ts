import { describe, expect, it } from 'vitest';
import { nextLinkOf, pageKey, parseJsonOnce } from './http-client';

const LIST =
  'https://management.azure.com/subscriptions/s/providers/Microsoft.VirtualMachineImages/imageTemplates';

describe('one listing’s page keys', () => {
  it('ignore api-version, path case and parameter order, but not the skip token', () => {
    expect(pageKey(`${LIST}?api-version=2024-02-01`)).toBe(
      pageKey(LIST.replace('imageTemplates', 'IMAGETEMPLATES')),
    );
    expect(pageKey(`${LIST}?a=1&$skipToken=x&api-version=1`)).toBe(pageKey(`${LIST}?%24skipToken=x&a=1`));
    expect(pageKey(`${LIST}?$skipToken=x`)).not.toBe(pageKey(`${LIST}?$skipToken=y`));
    expect(pageKey(`${LIST}?$skipToken=x`)).not.toBe(
      pageKey(
        `https://elsewhere.example/subscriptions/s/providers/Microsoft.VirtualMachineImages/imageTemplates?$skipToken=x`,
      ),
    );
  });
});

describe('a page’s nextLink', () => {
  it('is the top-level one only', () => {
    expect(nextLinkOf('{"value":[],"nextLink":"https://x/next"}')).toBe('https://x/next');
    // A tag named nextLink on a resource is not the page's link.
    expect(nextLinkOf('{"value":[{"tags":{"nextLink":"https://x/evil"}}]}')).toBeUndefined();
    expect(nextLinkOf('{"value":[],"nextLink":null}')).toBeUndefined();
    expect(nextLinkOf('{"value":[],"nextLink":""}')).toBeUndefined();
    expect(nextLinkOf('not json "nextLink"')).toBeUndefined();
    expect(nextLinkOf(undefined)).toBeUndefined();
  });
});

describe('parseJsonOnce', () => {
  it('hands the object it parsed for a nextLink to the page reader once, then parses anew', () => {
    const text = JSON.stringify({ value: [{ id: 'a' }], nextLink: 'https://arm.example/next' });
    expect(nextLinkOf(text)).toBe('https://arm.example/next');
    const first = parseJsonOnce(text);
    expect(first).toEqual({ value: [{ id: 'a' }], nextLink: 'https://arm.example/next' });
    // The reader owns it now: changing it does not reach a later parse of the same text.
    (first as { value: unknown[] }).value.push('changed');
    expect(parseJsonOnce(text)).toEqual({ value: [{ id: 'a' }], nextLink: 'https://arm.example/next' });
  });
});
