// Next.js calls register() once when a server starts (`next start`, `next dev`). The run-time
// configuration is validated there, so a mistake stops the server with the full list of problems
// instead of failing on the first request. (Not at build time: one build serves every configuration.)
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== 'nodejs') return;
  const { checkConfigOrExit } = await import('./instrumentation-node');
  checkConfigOrExit();
}
