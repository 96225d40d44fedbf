// A control that looks ready works (docs/reliability.md, "Before the page is interactive"). The server
// renders no control at all: every page's HTML is the "Loading…" shell (the session lives in the
// browser), and buttons appear only once React has attached their handlers, so no click can land on a
// control that is not listening yet. The first test keeps it that way; the second clicks Start build
// the moment it can be clicked on a slow device and expects exactly one build.
import { test, expect, signIn, USERS, templateId, templatePath } from './fixtures';
import { watchRequests } from './faults';

test('the server sends no control that would need JavaScript to work', async ({ request }) => {
  const id = templateId('dev', 'rg-images', 'ubuntu2204-base');
  for (const path of ['/', '/estate', templatePath(id), '/no-such-page']) {
    const html = await (await request.get(path)).text();
    const body = html.slice(html.indexOf('<body'));
    // Scripts and their JSON payloads aside, the markup the browser shows before hydration.
    const markup = body.replace(/<script\b[\s\S]*?<\/script>/g, '');
    expect(markup, path).not.toMatch(/<(button|input|select|textarea|form|details)\b/i);
    expect(markup, path).not.toMatch(/\son[a-z]+=/i);
    // Links are plain links: they work before hydration (a full navigation).
    for (const a of markup.match(/<a\b[^>]*>/g) ?? []) expect(a, path).toMatch(/\shref="[^"]+"/);
  }
});

test('on a slow device, Start build clicked as soon as it can be: one build, shown at once', async ({
  page,
  localAzure,
}) => {
  await localAzure.reset();
  const id = templateId('dev', 'rg-images', 'win2022-vhd');
  await localAzure.hold(id, 'Building');
  try {
    await signIn(page, USERS.owner, templatePath(id));
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: 6 });
    const runs = watchRequests(page, 'POST', /\/imageTemplates\/win2022-vhd\/run\?/i);
    await page.reload();
    // Playwright clicks the moment the button is visible, enabled and stable: no waiting for the
    // page to settle first.
    await page.getByTestId('start-build').click({ timeout: 60_000 });
    await expect(page.getByTestId('run-outcome')).not.toHaveText('Never built', { timeout: 30_000 });
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: 1 });
    await expect(page.getByTestId('start-build')).toBeDisabled();
    expect(runs).toHaveLength(1);
  } finally {
    await localAzure.releaseHolds();
  }
});
