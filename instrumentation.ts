// Next.js calls register() once when a server starts (`next start`, `next dev`). The run-time
// configuration is validated there, so a mistake stops the server with the full list of problems
// instead of failing on the first request. (Not at build time: one build serves every configuration.)
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== 'nodejs') return;
  const { ConfigError, serverConfig } = await import('./lib/env');
  try {
    serverConfig();
  } catch (e) {
    if (!(e instanceof ConfigError)) throw e;
    // Next logs a failed hook and keeps serving; a server with an invalid configuration must not.
    console.error(e.message);
    process.exit(1);
  }
}
