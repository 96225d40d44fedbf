// Gives the browser's main thread back between pieces of work started together, so input and painting
// can run in between instead of waiting for one long task (docs/architecture.md, "Data, polling and
// retries": requests start in tasks of their own).

interface Scheduler {
  yield?: () => Promise<void>;
}

/**
 * Resolves in a later task: `scheduler.yield()` where the browser has it (the continuation runs before
 * other queued work, not after it), a zero timeout elsewhere (Node, older browsers).
 */
export function yieldToMain(): Promise<void> {
  const scheduler = (globalThis as { scheduler?: Scheduler }).scheduler;
  if (typeof scheduler?.yield === 'function') return scheduler.yield();
  return new Promise((resolve) => setTimeout(resolve, 0));
}
