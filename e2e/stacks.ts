// The servers one Playwright worker talks to. Global setup starts one stack (local Azure + the app on
// the one production build) per worker, because local Azure's world, time scale and faults are global
// to it; each worker uses the stack of its parallel index, so two spec files never share a world.
export interface Stack {
  /** The app's origin (next start). */
  app: string;
  /** Local Azure's Resource Manager. */
  arm: string;
  /** Local Azure's identity provider. */
  idp: string;
}

const STACKS_ENV = 'KILN_E2E_STACKS';

/** How many workers (and stacks) the browser run uses; KILN_E2E_WORKERS overrides it. */
export function e2eWorkers(): number {
  const n = Number(process.env.KILN_E2E_WORKERS ?? 2);
  return Number.isInteger(n) && n >= 1 ? n : 1;
}

/** Global setup hands the stacks to the workers through the environment. */
export function publishStacks(stacks: Stack[]): void {
  process.env[STACKS_ENV] = JSON.stringify(stacks);
}

/** This worker's stack (Playwright sets TEST_PARALLEL_INDEX in each worker: 0 … workers-1). */
export function currentStack(): Stack {
  const raw = process.env[STACKS_ENV];
  if (!raw) throw new Error(`${STACKS_ENV} is not set: run through playwright.config.ts (global setup).`);
  const stacks = JSON.parse(raw) as Stack[];
  const index = Number(process.env.TEST_PARALLEL_INDEX ?? 0);
  const stack = stacks[index % stacks.length];
  if (!stack) throw new Error(`${STACKS_ENV} holds no stack`);
  return stack;
}
