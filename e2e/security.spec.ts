import { test, expect, signIn, USERS } from './fixtures';

// From the seed world, whatever the test before on this worker left (5,000 templates, a held build).
test.beforeEach(async ({ localAzure }) => {
  await localAzure.reset();
});

test('every page carries a strict nonce CSP and the security headers', async ({
  request,
  baseURL,
  localAzure,
}) => {
  for (const path of [
    '/',
    '/redirect',
    '/templates/subscriptions/x/resourceGroups/y/providers/Microsoft.VirtualMachineImages/imageTemplates/z',
  ]) {
    const r = await request.get(path);
    const csp = r.headers()['content-security-policy'] ?? '';
    const nonce = /'nonce-([^']+)'/.exec(csp)?.[1];
    expect(nonce, `nonce in the CSP of ${path}`).toBeTruthy();
    expect(csp).toContain("'strict-dynamic'");
    expect(csp).not.toMatch(/script-src[^;]*'unsafe-inline'/);
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("object-src 'none'");
    expect(csp).toMatch(new RegExp(`connect-src 'self' ${localAzure.arm} ${localAzure.idp}`));
    expect(r.headers()['x-content-type-options']).toBe('nosniff');
    expect(r.headers()['referrer-policy']).toBeTruthy();
    expect(r.headers()['permissions-policy']).toBeTruthy();
    expect(r.headers()['cross-origin-opener-policy']).toBeUndefined();
    const html = await r.text();
    // Every script tag carries this request's nonce (a prerendered page would not hydrate).
    const scripts = html.match(/<script\b[^>]*>/g) ?? [];
    expect(scripts.length).toBeGreaterThan(0);
    for (const s of scripts) expect(s).toContain(`nonce="${nonce}"`);
  }
  expect(baseURL).toBeTruthy();
});

test('tokens never show in URLs or the console; sign-out ends the session', async ({ page }) => {
  const logs: string[] = [];
  page.on('console', (m) => logs.push(m.text()));
  const urls: string[] = [];
  page.on('framenavigated', (f) => urls.push(f.url()));
  await signIn(page, USERS.owner);
  await expect(page.getByRole('table', { name: 'Image templates' })).toBeVisible();
  // A JWT starts with eyJ (base64 of '{"').
  for (const l of logs) expect(l).not.toMatch(/eyJ[A-Za-z0-9_-]{10,}/);
  expect(page.url()).not.toMatch(/[#?&](code|access_token|id_token)=/);
  for (const u of urls.filter((x) => x.startsWith(new URL(page.url()).origin))) {
    expect(u).not.toMatch(/access_token|id_token/);
  }
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page.getByRole('button', { name: 'Sign in with Microsoft Entra ID' })).toBeVisible({
    timeout: 30_000,
  });
});

test('an expired access token is renewed silently (refresh token), without a new sign-in', async ({
  page,
  localAzure,
}) => {
  await localAzure.configure({ tokenTtlSeconds: 6 });
  try {
    await signIn(page, USERS.owner);
    await expect(page.getByRole('table', { name: 'Image templates' })).toBeVisible();
    const tokenCalls: string[] = [];
    page.on('request', (r) => {
      if (r.method() === 'POST' && r.url().startsWith(localAzure.idp) && r.url().includes('/token')) {
        tokenCalls.push(r.postData() ?? '');
      }
    });
    await page.waitForTimeout(8000);
    // A new ARM read after expiry: the page keeps working and MSAL used the refresh token.
    await page.getByRole('link', { name: 'ubuntu2204-base' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'ubuntu2204-base' })).toBeVisible();
    await expect(page.getByTestId('run-outcome')).toBeVisible();
    expect(tokenCalls.some((b) => b.includes('grant_type=refresh_token'))).toBe(true);
    await expect(page.getByRole('button', { name: 'Sign in with Microsoft Entra ID' })).toHaveCount(0);
  } finally {
    await localAzure.configure({ tokenTtlSeconds: 3600 });
  }
});

test('prefetch requests get the same CSP and security headers as any page', async ({ request }) => {
  const tpl =
    '/templates/subscriptions/0b1f6471-1bf0-4dda-aec3-cb9272f09590/resourceGroups/rg-images/providers/Microsoft.VirtualMachineImages/imageTemplates/ubuntu2204-base';
  for (const path of ['/', tpl]) {
    const variants: Record<string, string>[] = [
      { purpose: 'prefetch' },
      { 'sec-purpose': 'prefetch' },
      { 'next-router-prefetch': '1' },
      { 'next-router-prefetch': '1', rsc: '1' },
    ];
    for (const headers of variants) {
      const r = await request.get(path, { headers });
      const what = `${path} with ${JSON.stringify(headers)}`;
      const type = r.headers()['content-type'] ?? '';
      if (!headers.rsc) expect(type, what).toContain('text/html');
      expect(r.headers()['content-security-policy'], what).toMatch(/'nonce-[^']+'.*'strict-dynamic'/);
      expect(r.headers()['x-frame-options'], what).toBe('DENY');
      expect(r.headers()['x-content-type-options'], what).toBe('nosniff');
    }
  }
});

test('the log route refuses dot segments in run and template before reading anything', async ({
  request,
}) => {
  const tpl =
    '/subscriptions/0b1f6471-1bf0-4dda-aec3-cb9272f09590/resourceGroups/rg-images/providers/Microsoft.VirtualMachineImages/imageTemplates/ubuntu2204-base';
  const cases: [Record<string, string>, string][] = [
    [{ template: tpl, run: '..' }, 'InvalidRun'],
    [{ template: tpl, run: '../other' }, 'InvalidRun'],
    [{ template: tpl, run: '.' }, 'InvalidRun'],
    [{ template: tpl.replace('ubuntu2204-base', '..') }, 'InvalidTemplateId'],
    [{ template: tpl.replace('rg-images', '..') }, 'InvalidTemplateId'],
    [{ template: `${tpl}/../../../../resourceGroups/rg-other` }, 'InvalidTemplateId'],
    [{ template: tpl.replace('ubuntu2204-base', 'a%2F..%2Fb') }, 'InvalidTemplateId'],
  ];
  for (const [params, code] of cases) {
    const r = await request.get(`/api/logs?${new URLSearchParams(params).toString()}`, {
      headers: { authorization: 'Bearer not.a.token' },
    });
    expect(r.status(), JSON.stringify(params)).toBe(400);
    expect(((await r.json()) as { code?: string }).code, JSON.stringify(params)).toBe(code);
  }
});

// Every spec fails on a Content-Security-Policy violation on an app page (the auto fixture in
// fixtures.ts). This proves the collector sees them: an image and a fetch to another origin, both
// blocked, are collected; the test then takes them out so its own teardown passes.
test('a CSP violation on an app page is collected, so any spec with one fails', async ({
  page,
  cspViolations,
}) => {
  await signIn(page, USERS.owner);
  await page.evaluate(() => {
    const img = document.createElement('img');
    img.src = 'https://example.invalid/pixel.png';
    document.body.append(img);
    void fetch('https://example.invalid/beacon').catch(() => undefined);
  });
  await expect.poll(() => cspViolations.map((v) => v.directive).sort()).toEqual(['connect-src', 'img-src']);
  expect(cspViolations.every((v) => v.blocked.startsWith('https://example.invalid/'))).toBe(true);
  cspViolations.length = 0;
});
