// Small helpers for scripts that talk to local Azure's control API (loopback only).
export async function waitForLocalAzure(armBase, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  let lastError;
  while (Date.now() < deadline) {
    try {
      const res = await fetch(`${armBase}/_local/info`);
      if (res.ok) return await res.json();
      lastError = new Error(`HTTP ${res.status}`);
    } catch (e) {
      lastError = e;
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`local Azure did not start at ${armBase}: ${lastError?.message ?? 'timeout'}`);
}
