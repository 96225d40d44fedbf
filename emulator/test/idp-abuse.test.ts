// Issue 11: the identity provider under abuse. An oversized body is answered 413 (it reset the
// connection), and repeated failed sign-ins are throttled per account name and per client address with
// one clear message that never tells which names are accounts.
import { afterAll, describe, expect, inject, it } from 'vitest';
import { SPA_CLIENT_ID, USERS } from '../src/world/identities.ts';
import { getUserToken, SignInError } from '../testing/tokens.ts';
import { control } from '../testing/harness.ts';

const info = inject('localAzure');
let badInputs = 0;

afterAll(async () => {
  console.info(`identity provider: ${badInputs} bad inputs refused`);
  await control(info, 'POST', 'reset');
});

async function signIn(
  username: string,
  password: string,
): Promise<{ ok: boolean; status: string; error: string }> {
  try {
    await getUserToken({
      authority: info.authority,
      username,
      password,
      clientId: SPA_CLIENT_ID,
      redirectUri: 'http://localhost:3000/redirect',
    });
    return { ok: true, status: '200', error: '' };
  } catch (e) {
    if (!(e instanceof SignInError)) throw e;
    const status = /sign-in failed: (\d{3}) at/.exec(e.message)?.[1] ?? '200';
    const error = (/id="login-error"[^>]*>([^<]*)</.exec(e.page)?.[1] ?? '').replace(/&#39;/g, "'");
    return { ok: false, status, error };
  }
}

describe('oversized bodies', () => {
  const big = 'x='.concat('a'.repeat(1024 * 1024));

  it.each([
    ['the token endpoint', () => `${info.issuer}/token`],
    ['the authorization endpoint', () => `${info.issuer}/auth`],
    ['a sign-in form', () => `${info.issuer}/interaction/abc/login`],
    ['an unknown path under the tenant', () => `${info.issuer}/nope`],
  ])('%s answers 413, not a reset connection', async (_name, url) => {
    const r = await fetch(url(), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: big,
    });
    expect(r.status).toBe(413);
    expect(((await r.json()) as { error: string }).error).toBe('invalid_request');
    badInputs++;
  });

  it('a normal token request still works after them', async () => {
    const t = await getUserToken({
      authority: info.authority,
      username: USERS.owner.username,
      password: USERS.owner.password,
      clientId: SPA_CLIENT_ID,
      redirectUri: 'http://localhost:3000/redirect',
    });
    expect(t.accessToken.split('.')).toHaveLength(3);
  });
});

describe('failed sign-ins', () => {
  it('the same message for an unknown name and a wrong password', async () => {
    await control(info, 'POST', 'reset');
    const unknown = await signIn('mallory@contoso.com', 'guess');
    const wrong = await signIn(USERS.reader.username, 'guess');
    badInputs += 2;
    expect(unknown.ok).toBe(false);
    expect(wrong.ok).toBe(false);
    expect(unknown.error).toBe(wrong.error);
    expect(unknown.error).toMatch(/account name or password is incorrect/);
    expect(unknown.error).not.toContain('mallory');
  });

  it('an account is throttled after five failures — the right password too — and a reset clears it', async () => {
    await control(info, 'POST', 'reset');
    for (let i = 0; i < 5; i++) {
      const r = await signIn(USERS.reader.username, `guess-${i}`);
      expect(r.status).toBe('200');
      badInputs++;
    }
    const locked = await signIn(USERS.reader.username, USERS.reader.password);
    expect(locked).toMatchObject({ ok: false, status: '429' });
    expect(locked.error).toMatch(/^Too many failed sign-ins\. Wait \d+ (seconds|minutes) and try again\.$/);
    // Another account from the same address is not locked by this one.
    expect((await signIn(USERS.owner.username, USERS.owner.password)).ok).toBe(true);
    // An unknown name locks the same way after the same count: throttling does not reveal accounts.
    for (let i = 0; i < 5; i++) await signIn('mallory@contoso.com', `guess-${i}`);
    const fake = await signIn('mallory@contoso.com', 'guess');
    expect(fake.status).toBe('429');
    expect(fake.error.replace(/\d+/, 'N')).toBe(locked.error.replace(/\d+/, 'N'));
    badInputs += 6;
    await control(info, 'POST', 'reset');
    expect((await signIn(USERS.reader.username, USERS.reader.password)).ok).toBe(true);
  });

  it('a client address is throttled after twenty failures across names', async () => {
    await control(info, 'POST', 'reset');
    for (let i = 0; i < 20; i++) await signIn(`user${i}@contoso.com`, 'guess');
    badInputs += 20;
    const r = await signIn(USERS.contributor.username, USERS.contributor.password);
    expect(r).toMatchObject({ ok: false, status: '429' });
    expect(r.error).toMatch(/^Too many failed sign-ins/);
    await control(info, 'POST', 'reset');
    expect((await signIn(USERS.contributor.username, USERS.contributor.password)).ok).toBe(true);
  });
});
