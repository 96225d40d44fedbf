import { describe, expect, it } from 'vitest';
import { armString, armText, clip, hasBidiControls, revealBidi } from './arm-text';

describe('armText', () => {
  it('shows any shape as text', () => {
    expect(armText('a')).toBe('a');
    expect(armText(3)).toBe('3');
    expect(armText(false)).toBe('false');
    expect(armText(undefined)).toBe('');
    expect(armText(null)).toBe('');
    expect(armText({ nested: { x: [1, 'two'] } })).toBe('{"nested":{"x":[1,"two"]}}');
    const loop: Record<string, unknown> = {};
    loop.self = loop;
    expect(armText(loop)).toBe('[object Object]');
    expect(armString({})).toBeUndefined();
    expect(armString('')).toBeUndefined();
  });
});

describe('revealBidi', () => {
  it('turns every direction control into a visible code point and drops none of the text', () => {
    const evil = 'rm -rf /tmp/\u202Ecod.exe\u202C && echo \u2067ok\u2069\u200F';
    expect(hasBidiControls(evil)).toBe(true);
    const pieces = revealBidi(evil);
    expect(pieces.filter((p) => p.kind === 'bidi').map((p) => (p.kind === 'bidi' ? p.code : ''))).toEqual([
      'U+202E',
      'U+202C',
      'U+2067',
      'U+2069',
      'U+200F',
    ]);
    const text = pieces.map((p) => (p.kind === 'text' ? p.text : '')).join('');
    expect(hasBidiControls(text)).toBe(false);
    expect(text).toBe('rm -rf /tmp/cod.exe && echo ok');
  });
  it('leaves ordinary text (right-to-left letters included) alone', () => {
    expect(revealBidi('שלום world')).toEqual([{ kind: 'text', text: 'שלום world' }]);
    expect(revealBidi('')).toEqual([]);
  });
});

describe('clip', () => {
  it('cuts long values and never splits a surrogate pair', () => {
    expect(clip('x'.repeat(10_240), 240)).toEqual({ shown: 'x'.repeat(240), cut: true });
    expect(clip('short', 240)).toEqual({ shown: 'short', cut: false });
    expect(clip('ab😀', 3).shown).toBe('ab');
  });
});
