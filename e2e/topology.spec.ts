// Issue 6: the staging resource group drawn live. A layout-2 (Private Link) build is held at
// Customizing so the page can be looked at mid-build without racing the clock; the accessible table
// (the same content as the diagram) is what the assertions read.
import AxeBuilder from '@axe-core/playwright';
import type { Locator, Page } from '@playwright/test';
import { test, expect, signIn, USERS, templateId, templatePath } from './fixtures';
import { automationArm } from './servers';

const LAYOUT2 = templateId('dev', 'rg-images', 'ubuntu2204-gallery-pl');
/** Layout 3: the build VM and the container instance in the user's subnets. */
const LAYOUT3 = templateId('dev', 'rg-images', 'ubuntu2204-base');

test.beforeEach(async ({ localAzure }) => {
  await localAzure.reset();
});

/** axe (WCAG 2.1 A/AA) on the topology and build log sections. */
async function axe(page: Page) {
  const r = await new AxeBuilder({ page })
    .include('section[aria-labelledby="topology-heading"]')
    .include('section[aria-labelledby="build-log-heading"]')
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
    .analyze();
  return r.violations.map((v) => ({ id: v.id, nodes: v.nodes.slice(0, 3).map((n) => n.target.join(' ')) }));
}

function resources(page: Page): Locator {
  return page.getByRole('table', { name: 'Staging resources' });
}

/** The row of the resource with `role` (data attribute set from the model), e.g. proxyVm. */
function row(page: Page, role: string): Locator {
  return resources(page).locator(`tbody tr[data-role="${role}"]`);
}

/** Name of the (first) resource with `role`, read from the table. */
async function nameOf(page: Page, role: string): Promise<string> {
  return (await row(page, role).first().locator('th').innerText()).trim();
}

/** A row of the connections table: from → to, kind, ports. */
function connection(page: Page, from: string, to: string, kind: string): Locator {
  return page
    .getByRole('table', { name: 'Connections' })
    .locator('tbody tr')
    .filter({ has: page.locator('td:nth-child(1)', { hasText: from }) })
    .filter({ has: page.locator('td:nth-child(2)', { hasText: to }) })
    .filter({ has: page.locator('td:nth-child(3)', { hasText: kind }) });
}

test('a layout-2 build: the Private Link path appears with its edges, then goes, leaving the storage account', async ({
  page,
  localAzure,
}, testInfo) => {
  test.setTimeout(300_000);
  await localAzure.hold(LAYOUT2, 'Customizing');
  try {
    await signIn(page, USERS.owner, templatePath(LAYOUT2));
    const view = page.getByTestId('topology-view');
    await expect(view).toBeVisible({ timeout: 60_000 });

    // Before the build: the expected topology, faded.
    await expect(page.getByText('No build yet — expected topology')).toBeVisible();
    for (const role of [
      'buildContainer',
      'privateEndpoint',
      'privateLinkService',
      'loadBalancer',
      'proxyVm',
      'buildVm',
    ])
      await expect(row(page, role)).toHaveAttribute('data-status', 'expected');
    await page.screenshot({ path: testInfo.outputPath('topology-expected.png'), fullPage: true });
    await expect(page.getByTestId('topology-node').first()).toBeVisible();
    expect(await axe(page)).toEqual([]);

    await localAzure.time(500);
    await page.getByTestId('start-build').click();
    await expect(page.getByTestId('topology-phase')).toContainText('Customizing', { timeout: 90_000 });

    // Mid-build: every resource of the Private Link path exists, from the staging group itself.
    for (const role of [
      'buildContainer',
      'privateEndpoint',
      'privateLinkService',
      'loadBalancer',
      'proxyVm',
      'buildVm',
    ])
      await expect(row(page, role)).toHaveAttribute('data-status', 'present', { timeout: 90_000 });
    await expect(row(page, 'proxyVm')).toContainText('Succeeded', { timeout: 60_000 });
    await expect(row(page, 'buildVm')).toContainText('Succeeded', { timeout: 60_000 });

    const ci = await nameOf(page, 'buildContainer');
    const pe = await nameOf(page, 'privateEndpoint');
    const pls = await nameOf(page, 'privateLinkService');
    const lb = await nameOf(page, 'loadBalancer');
    const proxy = await nameOf(page, 'proxyVm');
    const vm = await nameOf(page, 'buildVm');
    expect(ci).toMatch(/^vmimagebuilder-build-container-/);

    // The traffic path with its ports (Linux: 60001 to the proxy, 22 to the build VM).
    await expect(connection(page, ci, pe, 'traffic')).toContainText('60001');
    await expect(connection(page, pe, pls, 'attachment')).toContainText('private link');
    await expect(connection(page, pls, lb, 'attachment')).toContainText('frontend');
    await expect(connection(page, lb, proxy, 'traffic')).toContainText('60001');
    await expect(connection(page, proxy, vm, 'traffic')).toContainText('22');
    // Placement from real properties: the proxy VM and build VM sit in the user's build subnet.
    await expect(row(page, 'proxyVm')).toContainText('snet-build');
    await expect(row(page, 'buildVm')).toContainText('snet-build');

    // The diagram draws the same nodes; a click opens the details.
    const diagram = page.getByTestId('topology-diagram');
    await expect(diagram.locator('[data-testid="topology-node"][data-role="proxyVm"]')).toBeVisible({
      timeout: 30_000,
    });
    // Legible at the default zoom on a 1440-wide screen: a node's name is at least 11 px tall on screen
    // (the fitted diagram used to shrink the 20-odd nodes of this layout to a few pixels).
    await expect
      .poll(
        () =>
          diagram
            .locator('[data-testid="topology-node"] p')
            .first()
            .evaluate((el) => {
              const viewport = el.closest('.react-flow__viewport');
              const zoom = viewport ? new DOMMatrix(getComputedStyle(viewport).transform).a : 0;
              return Number.parseFloat(getComputedStyle(el).fontSize) * zoom;
            }),
        { timeout: 15_000 },
      )
      .toBeGreaterThanOrEqual(11);
    // (A click event on the node: the page's sticky header can cover the node at the scroll position
    // Playwright picks.)
    await diagram.locator('[data-testid="topology-node"][data-role="proxyVm"]').dispatchEvent('click');
    const details = page.getByRole('complementary', { name: `Details of ${proxy}` });
    await expect(details).toContainText('Proxy VM');
    await expect(details).toContainText('VM size');
    // Local Azure: no Azure Portal link.
    await expect(details.getByRole('link', { name: 'Open in the Azure Portal' })).toHaveCount(0);
    await expect(page.getByRole('img', { name: new RegExp(`^${proxy} `) })).toBeVisible();
    await page.screenshot({ path: testInfo.outputPath('topology-mid-build.png'), fullPage: true });
  } finally {
    await localAzure.releaseHolds();
  }

  // After the build: only the storage account remains; what existed is drawn as gone.
  await localAzure.time(2000);
  await expect(page.getByTestId('topology-phase')).toContainText('Last build Succeeded', {
    timeout: 120_000,
  });
  await expect(row(page, 'logs')).toHaveAttribute('data-status', 'present', { timeout: 60_000 });
  for (const role of [
    'buildContainer',
    'privateEndpoint',
    'privateLinkService',
    'loadBalancer',
    'proxyVm',
    'buildVm',
  ])
    await expect(row(page, role)).toHaveAttribute('data-status', 'deleted', { timeout: 60_000 });
  await expect(resources(page).locator('tbody tr[data-status="present"][data-role="logs"]')).toHaveCount(1);
  // …and it is the only AIB resource still there.
  await expect(resources(page).locator('tbody tr[data-owner="aib"][data-status="present"]')).toHaveCount(1);
  await page.screenshot({ path: testInfo.outputPath('topology-after.png'), fullPage: true });

  // Replay (from the Activity Log) brings the Private Link path back.
  await page.getByTestId('replay-button').click();
  await expect(page.getByTestId('replay-time')).toBeVisible({ timeout: 30_000 });
  const slider = page.getByRole('slider');
  const [min, max] = [Number(await slider.getAttribute('min')), Number(await slider.getAttribute('max'))];
  await slider.fill(String(Math.round(min + (max - min) * 0.6)));
  await expect(row(page, 'proxyVm')).toHaveAttribute('data-status', 'present', { timeout: 30_000 });
  await expect(row(page, 'privateLinkService')).toHaveAttribute('data-status', 'present');

  // The build log after the build comes from packerlogs/<run>/customization.log.
  const log = page.getByTestId('build-log');
  await expect(log).toHaveAttribute('data-source', 'blob', { timeout: 60_000 });
  await expect(log).toContainText('customization.log');
});

test('a staging group the user cannot read gets a clear message; the page keeps working', async ({
  page,
}) => {
  // Cole is Contributor of rg-images-team only: ARM refuses him the template's staging group
  // (IT_rg-images-team_…), a resource group of its own, with 403 AuthorizationFailed.
  const teamId = templateId('dev', 'rg-images-team', 'team-ubuntu-move-to-l3');
  await signIn(page, USERS.contributor, templatePath(teamId));
  await expect(page.getByText(/You cannot read the staging resource group IT_/)).toBeVisible({
    timeout: 60_000,
  });
  await expect(page.getByText('AuthorizationFailed')).toBeVisible();
  // The expected topology is still drawn, and the rest of the page works.
  await expect(row(page, 'buildVm')).toHaveAttribute('data-status', 'expected');
  await expect(page.getByTestId('start-build')).toBeVisible();
});

test('a staging group that is gone gets a clear message; the page keeps working', async ({ page }) => {
  // Someone deletes a template's staging group by hand: ARM then answers 404 ResourceGroupNotFound.
  const arm = await automationArm();
  const id = templateId('prod', 'rg-images-prod', 'win2022-iis-prod');
  const staging = (await arm.get<{ properties: { exactStagingResourceGroup?: string } }>(id, '2024-02-01'))
    .properties.exactStagingResourceGroup;
  expect(staging).toBeTruthy();
  await arm.delete(staging ?? '', '2021-04-01');
  await expect
    .poll(
      async () => {
        try {
          await arm.get(staging ?? '', '2021-04-01');
          return 'exists';
        } catch (e) {
          return String(e).includes('404') ? 'gone' : String(e);
        }
      },
      { timeout: 60_000 },
    )
    .toBe('gone');
  await signIn(page, USERS.owner, templatePath(id));
  await expect(page.getByText(/The staging resource group IT_\S+ no longer exists/)).toBeVisible({
    timeout: 60_000,
  });
  await expect(page.getByTestId('start-build')).toBeVisible();
});

test('a drawn node stays drawn while the build changes the graph around it (no node is hidden to be measured again)', async ({
  page,
  localAzure,
}) => {
  test.slow();
  await localAzure.hold(LAYOUT3, 'Customizing');
  // Every node React Flow hides after it was shown (React Flow hides a node it has not measured).
  await page.addInitScript(() => {
    const shown = new Set<string>();
    const rehidden: string[] = [];
    (window as unknown as { kilnRehidden: string[] }).kilnRehidden = rehidden;
    const look = (el: Element) => {
      const key = el.getAttribute('data-id');
      if (!key || !el.classList.contains('react-flow__node')) return;
      if ((el as HTMLElement).style.visibility === 'hidden') {
        if (shown.has(key)) rehidden.push(key);
      } else shown.add(key);
    };
    new MutationObserver((records) => {
      for (const r of records) {
        if (r.type === 'attributes' && r.target instanceof Element) look(r.target);
        for (const n of r.addedNodes)
          if (n instanceof Element)
            for (const el of [n, ...n.querySelectorAll('.react-flow__node')]) look(el);
      }
    }).observe(document, { subtree: true, childList: true, attributes: true, attributeFilter: ['style'] });
  });
  try {
    await signIn(page, USERS.owner, templatePath(LAYOUT3));
    const diagram = page.getByTestId('topology-diagram');
    await expect(diagram.getByTestId('topology-node').first()).toBeVisible({ timeout: 60_000 });
    await localAzure.time(500);
    await page.getByTestId('start-build').click();
    // From placeholders to the real resources, each read and drawn as it appears: the graph changes
    // many times over.
    for (const role of ['buildContainer', 'buildVm'])
      await expect(row(page, role)).toHaveAttribute('data-status', 'present', { timeout: 90_000 });
    await expect(row(page, 'buildVm')).toContainText('Succeeded', { timeout: 60_000 });
    await expect(
      diagram.locator('[data-testid="topology-node"][data-role="buildVm"][data-status="present"]'),
    ).toBeVisible();
    const rehidden = await page.evaluate(
      () => (window as unknown as { kilnRehidden: string[] }).kilnRehidden,
    );
    expect(rehidden).toEqual([]);
  } finally {
    await localAzure.releaseHolds();
  }
});

test('the diagram refits when the window changes, unless the user has panned or zoomed it', async ({
  page,
}) => {
  await signIn(page, USERS.owner, templatePath(LAYOUT3));
  const diagram = page.getByTestId('topology-diagram');
  await expect(diagram.getByTestId('topology-node').first()).toBeVisible({ timeout: 60_000 });
  const view = diagram.locator('.react-flow__viewport');
  const transform = () => view.evaluate((el) => (el as HTMLElement).style.transform);
  const pane = diagram.locator('.react-flow');
  /** Resizes the window, then waits for React Flow's pane to have its new width and for a fit's glide. */
  const resize = async (width: number) => {
    const was = await pane.evaluate((el) => el.clientWidth);
    await page.setViewportSize({ width, height: 900 });
    await expect.poll(() => pane.evaluate((el) => el.clientWidth)).not.toBe(was);
    await page.waitForTimeout(600);
  };
  // Not touched: a narrower window refits the diagram.
  const fitted = await transform();
  await resize(1200);
  await expect.poll(transform).not.toBe(fitted);
  // Zoomed in by the user (the mouse wheel): the window changing keeps their view.
  const box = await pane.boundingBox();
  if (!box) throw new Error('the diagram has no box');
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  const before = await transform();
  await page.mouse.wheel(0, -300);
  await expect.poll(transform).not.toBe(before);
  await page.waitForTimeout(600);
  const chosen = await transform();
  await resize(1440);
  expect(await transform()).toBe(chosen);
  // The Controls' "fit view" hands the view back: the next change of window refits again.
  await diagram.getByRole('button', { name: 'fit view' }).click();
  await page.waitForTimeout(600);
  const refitted = await transform();
  await resize(1200);
  await expect.poll(transform).not.toBe(refitted);
});
