import { describe, expect, it } from 'vitest';
import { ACCOUNT_LIMIT, ADDRESS_LIMIT, SignInThrottle, WINDOW_MS } from './throttle.ts';

describe('sign-in throttle', () => {
  it('locks an account name after ACCOUNT_LIMIT failures until the oldest is a window old', () => {
    let now = 1_000_000;
    const t = new SignInThrottle(() => now);
    for (let i = 0; i < ACCOUNT_LIMIT; i++) {
      expect(t.retryAfter('ava@contoso.com', '10.0.0.1')).toBe(0);
      t.failed('ava@contoso.com', '10.0.0.1');
      now += 1000;
    }
    expect(t.retryAfter(' AVA@contoso.com ', '10.0.0.2')).toBe((WINDOW_MS - ACCOUNT_LIMIT * 1000) / 1000);
    expect(t.retryAfter('rey@contoso.com', '10.0.0.2')).toBe(0);
    now += WINDOW_MS - ACCOUNT_LIMIT * 1000;
    expect(t.retryAfter('ava@contoso.com', '10.0.0.2')).toBe(0);
  });

  it('counts unknown names exactly like real ones', () => {
    const t = new SignInThrottle(() => 0);
    for (let i = 0; i < ACCOUNT_LIMIT; i++) t.failed('nobody@contoso.com', `10.0.0.${i}`);
    expect(t.retryAfter('nobody@contoso.com', '10.0.1.1')).toBeGreaterThan(0);
  });

  it('locks a client address after ADDRESS_LIMIT failures across names', () => {
    const t = new SignInThrottle(() => 0);
    for (let i = 0; i < ADDRESS_LIMIT; i++) t.failed(`user${i}@contoso.com`, '10.0.0.9');
    expect(t.retryAfter('ava@contoso.com', '10.0.0.9')).toBeGreaterThan(0);
    expect(t.retryAfter('ava@contoso.com', '10.0.0.8')).toBe(0);
  });

  it('a success forgets the account’s failures; clear() forgets everything', () => {
    const t = new SignInThrottle(() => 0);
    for (let i = 0; i < ACCOUNT_LIMIT - 1; i++) t.failed('ava@contoso.com', '10.0.0.1');
    t.succeeded('ava@contoso.com');
    t.failed('ava@contoso.com', '10.0.0.1');
    expect(t.retryAfter('ava@contoso.com', '10.0.0.2')).toBe(0);
    for (let i = 0; i < ADDRESS_LIMIT; i++) t.failed('x', '10.0.0.1');
    t.clear();
    expect(t.retryAfter('x', '10.0.0.1')).toBe(0);
  });
});
