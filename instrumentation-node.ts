// The Node.js half of instrumentation.ts: kept in its own file so the Edge build of the hook carries
// no Node.js API (Next compiles instrumentation.ts for both runtimes).
import { ConfigError, serverConfig } from './lib/env';

/** Validates the run-time configuration; a server with an invalid one stops with every problem listed. */
export function checkConfigOrExit(): void {
  try {
    serverConfig();
  } catch (e) {
    if (!(e instanceof ConfigError)) throw e;
    // Next logs a failed hook and keeps serving; a server with an invalid configuration must not.
    console.error(e.message);
    process.exit(1);
  }
}
