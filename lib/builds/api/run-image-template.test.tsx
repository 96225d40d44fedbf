// @vitest-environment jsdom
// Start build (useStartBuild) in a React tree: POST run is sent once per intended start, the template
// shows Queued before ARM answers, and an answer that does not say what happened (409, 5xx) is followed
// by a read of the template, never by a second POST. The SDK is replaced at lib/azure/clients, the one
// module that builds Azure clients, so the hook's own code runs unchanged.
import type { ImageTemplate } from '@azure/arm-imagebuilder';
import { QueryClient, QueryClientProvider, useQuery } from '@tanstack/react-query';
import { act, cleanup, renderHook, waitFor } from '@testing-library/react';
import type { ReactNode } from 'react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { resourcePermissionsQueryOptions } from '@/lib/azure/permissions-api';
import { imageTemplateKeys } from '@/lib/query/keys';
import { useStartBuild } from './run-image-template';

/** `virtualMachineImageTemplates.run(rg, name)` of the image builder client: each call is one POST run. */
const sdk = vi.hoisted(() => ({
  run: vi.fn<(rg: string, name: string) => { submitted: () => Promise<void> }>(),
}));

/** Permissions_ListForResource's pages (the thin list read of lib/azure/arm-get). */
const perms = vi.hoisted(() => ({
  pages: vi.fn<() => AsyncGenerator<{ items: unknown[]; hasMore: boolean }>>(),
}));

vi.mock('@/lib/azure/arm-get', async (actual) => ({
  ...(await actual<object>()),
  armListPages: () => perms.pages(),
}));

vi.mock('@/lib/azure/clients', () => ({
  actionClients: {
    imageBuilder: () => Promise.resolve({ virtualMachineImageTemplates: { run: sdk.run } }),
  },
}));

/** What the SDK throws for an HTTP error (a RestError's shape, as toArmError reads it). */
function restError(statusCode: number, code: string): Error {
  return Object.assign(new Error(`${code} (${statusCode})`), { name: 'RestError', statusCode, code });
}

/** A promise settled from outside: ARM's answer arrives when the test says so. */
function answer() {
  let resolve!: () => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<void>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

let n = 0;

function setUp(read: (t: ImageTemplate) => ImageTemplate = (t) => t, { permissionsRead = true } = {}) {
  // A template id per test: the in-flight guard is per template and lives as long as the module.
  const id = `/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg/providers/Microsoft.VirtualMachineImages/imageTemplates/t${++n}`;
  const template: ImageTemplate = {
    id,
    name: `t${n}`,
    location: 'eastus',
    source: { type: 'PlatformImage', publisher: 'p', offer: 'o', sku: 's', version: 'latest' },
    distribute: [],
    identity: { type: 'None' },
    provisioningState: 'Succeeded',
    lastRunStatus: { runState: 'Succeeded', startTime: new Date('2026-01-01T00:00:00Z'), message: '' },
  } as ImageTemplate;
  const qc = new QueryClient({ defaultOptions: { queries: { retry: false }, mutations: { retry: false } } });
  if (permissionsRead)
    qc.setQueryData(resourcePermissionsQueryOptions(id).queryKey, [{ actions: ['*'], notActions: [] }]);
  /** GET of the template, as the template page reads it (what Kiln reads back after a lost answer). */
  const getTemplate = vi.fn(() => Promise.resolve(read(template)));
  qc.setQueryData(imageTemplateKeys.one(id), template);
  const wrapper = ({ children }: { children: ReactNode }) => (
    <QueryClientProvider client={qc}>{children}</QueryClientProvider>
  );
  const hook = renderHook(
    ({ t }: { t: ImageTemplate }) => {
      useQuery({ queryKey: imageTemplateKeys.one(id), queryFn: getTemplate, staleTime: Infinity });
      return useStartBuild(t);
    },
    { wrapper, initialProps: { t: template } },
  );
  return { id, template, qc, getTemplate, ...hook };
}

/** Lets queued promises and timers run (the mutation's async steps). */
async function settle() {
  await act(() => new Promise((r) => setTimeout(r, 20)));
}

beforeEach(() => {
  sdk.run.mockReset();
});
afterEach(() => {
  cleanup();
});

describe('useStartBuild sends POST run once per intended start', () => {
  it('two calls in the same tick (double click) send once', async () => {
    const a = answer();
    sdk.run.mockReturnValue({ submitted: () => a.promise });
    const { result } = setUp();
    act(() => {
      result.current.start();
      result.current.start();
    });
    await settle();
    expect(sdk.run).toHaveBeenCalledTimes(1);
    a.resolve();
    await waitFor(() => expect(result.current.pending).toBe(false));
    expect(sdk.run).toHaveBeenCalledTimes(1);
  });

  it('Enter then click after a re-render sends once', async () => {
    const a = answer();
    sdk.run.mockReturnValue({ submitted: () => a.promise });
    const { result, rerender, template } = setUp();
    act(() => result.current.start());
    // The page re-renders with a fresh template object (a poll answered) before the click lands.
    rerender({ t: { ...template } });
    act(() => result.current.start());
    await settle();
    expect(sdk.run).toHaveBeenCalledTimes(1);
    a.resolve();
    await waitFor(() => expect(result.current.pending).toBe(false));
  });

  it('a second call while the first is pending sends nothing', async () => {
    const a = answer();
    sdk.run.mockReturnValue({ submitted: () => a.promise });
    const { result } = setUp();
    act(() => result.current.start());
    await waitFor(() => expect(sdk.run).toHaveBeenCalledTimes(1));
    expect(result.current.pending).toBe(true);
    expect(result.current.disabledReason).toBe('Starting the build…');
    act(() => result.current.start());
    await settle();
    expect(sdk.run).toHaveBeenCalledTimes(1);
    a.resolve();
    await waitFor(() => expect(result.current.pending).toBe(false));
  });

  it('shows the template as Queued before ARM answers', async () => {
    const a = answer();
    sdk.run.mockReturnValue({ submitted: () => a.promise });
    const { result, qc, id } = setUp();
    expect(result.current.template.lastRunStatus?.runState).toBe('Succeeded');
    // Outside act(), as a browser's click handler runs: "Queued" must be committed by start() itself
    // (flushSync), not by a render React schedules for later.
    result.current.start();
    expect(result.current.template.lastRunStatus).toMatchObject({
      runState: 'Running',
      runSubState: 'Queued',
    });
    expect(result.current.pending).toBe(true);
    await waitFor(() => expect(sdk.run).toHaveBeenCalledTimes(1));
    // The cached template (what the list and the page read) says Queued too while the answer is out.
    expect(qc.getQueryData<ImageTemplate>(imageTemplateKeys.one(id))?.lastRunStatus).toMatchObject({
      runState: 'Running',
      runSubState: 'Queued',
    });
    expect(result.current.error).toBeNull();
    a.resolve();
    await waitFor(() => expect(result.current.pending).toBe(false));
    expect(result.current.error).toBeNull();
  });
});

describe('useStartBuild when the answer does not say what happened', () => {
  it('a 409 ends in "already running" after reading the template again', async () => {
    sdk.run.mockReturnValue({ submitted: () => Promise.reject(restError(409, 'Conflict')) });
    const { result, getTemplate } = setUp((t) => ({
      ...t,
      lastRunStatus: { runState: 'Running', runSubState: 'Building', startTime: new Date(), message: '' },
    }));
    act(() => result.current.start());
    await waitFor(() => expect(result.current.error?.readBack).toBe('done'));
    expect(result.current.error).toMatchObject({ status: 409, alreadyRunning: true, readBack: 'done' });
    expect(getTemplate).toHaveBeenCalled();
    expect(sdk.run).toHaveBeenCalledTimes(1);
  });

  it('a 5xx is not sent again: the template is read back instead', async () => {
    sdk.run.mockReturnValue({ submitted: () => Promise.reject(restError(503, 'ServiceUnavailable')) });
    const { result, getTemplate } = setUp();
    act(() => result.current.start());
    await waitFor(() => expect(result.current.error?.readBack).toBe('not-done'));
    expect(result.current.error).toMatchObject({ status: 503, alreadyRunning: false });
    expect(getTemplate).toHaveBeenCalled();
    await waitFor(() => expect(result.current.pending).toBe(false));
    await settle();
    expect(sdk.run).toHaveBeenCalledTimes(1);
  });
});

describe('useStartBuild while the permissions are on their way', () => {
  /** The permissions answer when the test says so. */
  function permissionsAnswer(actions: string[]) {
    const gate = answer();
    perms.pages.mockImplementation(async function* () {
      await gate.promise;
      yield { items: [{ actions, notActions: [] }], hasMore: false };
    });
    return gate;
  }

  it('the button is usable (no note comes and goes); a click waits for them, then starts once', async () => {
    const gate = permissionsAnswer(['*']);
    sdk.run.mockReturnValue({ submitted: () => Promise.resolve() });
    const { result } = setUp(undefined, { permissionsRead: false });
    expect(result.current.disabledReason).toBeUndefined();
    act(() => result.current.start());
    act(() => result.current.start());
    await settle();
    expect(sdk.run).not.toHaveBeenCalled();
    gate.resolve();
    await waitFor(() => expect(sdk.run).toHaveBeenCalledTimes(1));
    await waitFor(() => expect(result.current.pending).toBe(false));
    expect(sdk.run).toHaveBeenCalledTimes(1);
  });

  it('a Reader who clicks before they are in is told why, and nothing is sent', async () => {
    const gate = permissionsAnswer(['*/read']);
    const { result } = setUp(undefined, { permissionsRead: false });
    act(() => result.current.start());
    gate.resolve();
    await waitFor(() =>
      expect(result.current.disabledReason).toMatch(/do not have permission to start builds/),
    );
    await settle();
    expect(sdk.run).not.toHaveBeenCalled();
  });
});
