// The templates list through Resource Graph (more than a handful of subscriptions: a small estate of
// 10 seeded subscriptions here, so one page of ARM's subscriptions and one of Resource Graph): a running
// row follows the template itself (Resource Graph's index may lag), with no new Resource Graph query;
// and when Resource Graph refuses, the list falls back to a list per subscription, whole, with a note.
import type { Page } from '@playwright/test';
import { test, expect, signIn, USERS, templateId } from './fixtures';

const ESTATE = { subscriptions: 10, templates: 200 };
let visible = 0;

test.beforeEach(async ({ localAzure }) => {
  await localAzure.reset();
  await localAzure.time(600);
  const seeded = (await localAzure.seedEstate(ESTATE.subscriptions, ESTATE.templates)) as {
    templatesVisibleTo: Record<string, number>;
  };
  visible = seeded.templatesVisibleTo[USERS.owner] ?? 0;
});

/** Resource Graph queries and single-template reads the page sends. */
function watch(page: Page, arm: string, id: string): { graph: () => number; reads: () => number } {
  let graph = 0;
  let reads = 0;
  const origin = new URL(arm).origin;
  const path = new URL(`${origin}${id}`).pathname.toLowerCase();
  page.on('request', (r) => {
    if (!r.url().startsWith(origin) || r.method() === 'OPTIONS') return;
    const u = new URL(r.url());
    if (/^\/providers\/Microsoft\.ResourceGraph\/resources$/i.test(u.pathname)) graph++;
    if (r.method() === 'GET' && u.pathname.toLowerCase() === path) reads++;
  });
  return { graph: () => graph, reads: () => reads };
}

function wholeList(page: Page) {
  const n = visible.toLocaleString('en-US');
  return page.getByText(`${n} of ${n} templates in ${ESTATE.subscriptions + 2} subscriptions`);
}

test('a running row follows the template itself, not Resource Graph', async ({ page, localAzure }) => {
  const id = templateId('dev', 'rg-images', 'ubuntu2204-base');
  const wire = watch(page, localAzure.arm, id);
  await localAzure.hold(id, 'Customizing');
  try {
    await signIn(page, USERS.owner, '/?q=ubuntu2204-base');
    const n = visible.toLocaleString('en-US');
    await expect(
      page.getByText(`1 of ${n} templates in ${ESTATE.subscriptions + 2} subscriptions`),
    ).toBeVisible({
      timeout: 60_000,
    });
    const row = page.getByRole('row').filter({ hasText: 'ubuntu2204-base' });
    await expect(row).toHaveCount(1);
    expect(wire.graph()).toBeGreaterThan(0);
    const queried = wire.graph();
    await row.getByRole('button', { name: /Start build/ }).click();
    await expect(row).toContainText('Running', { timeout: 30_000 });
    await localAzure.releaseHolds();
    await localAzure.time(3000);
    await expect(row).toContainText('Succeeded', { timeout: 60_000 });
    // The row's new states came from reading the template, not from another Resource Graph query.
    expect(wire.reads()).toBeGreaterThan(0);
    expect(wire.graph()).toBe(queried);
  } finally {
    await localAzure.releaseHolds();
  }
});

test('when Resource Graph refuses, the list is read per subscription, whole, and says so', async ({
  page,
  localAzure,
}) => {
  await localAzure.faults([
    {
      method: 'POST',
      path: '^/providers/Microsoft\\.ResourceGraph/',
      status: 403,
      code: 'AuthorizationFailed',
      message: 'The tenant denies Microsoft.ResourceGraph/resources/read.',
    },
  ]);
  try {
    await signIn(page, USERS.owner, '/');
    await expect(wholeList(page)).toBeVisible({ timeout: 60_000 });
    await expect(
      page.getByRole('status').filter({ hasText: 'Azure Resource Graph did not answer' }),
    ).toContainText('AuthorizationFailed');
  } finally {
    await localAzure.clearFaults();
  }
});

test('many subscriptions failing the same way share one warning', async ({ page, localAzure }) => {
  await localAzure.faults([
    {
      method: 'POST',
      path: '^/providers/Microsoft\\.ResourceGraph/',
      status: 403,
      code: 'AuthorizationFailed',
    },
    {
      method: 'GET',
      path: '^/subscriptions/[^/]+/providers/Microsoft\\.VirtualMachineImages/imageTemplates$',
      status: 403,
      code: 'AuthorizationFailed',
      message: 'A policy denies listing image templates.',
    },
  ]);
  try {
    await signIn(page, USERS.owner, '/');
    const problems = page.getByRole('list', { name: 'Subscriptions with problems' });
    await expect(problems.getByRole('status')).toHaveCount(1, { timeout: 60_000 });
    await expect(problems).toContainText(
      `and ${ESTATE.subscriptions + 2 - 3} more subscriptions: templates could not be listed.`,
    );
    await expect(problems).toContainText('A policy denies listing image templates.');
    await expect(
      problems.getByRole('button', { name: `Retry all ${ESTATE.subscriptions + 2}` }),
    ).toBeVisible();
  } finally {
    await localAzure.clearFaults();
  }
});
