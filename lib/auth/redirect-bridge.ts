// The MSAL v5 redirect bridge (msal-local.md): the page at redirectUri hands the response back to the
// page that started the flow. It must run outside MsalProvider and without COOP.
export async function runRedirectBridge(): Promise<void> {
  const { broadcastResponseToMainFrame } = await import('@azure/msal-browser/redirect-bridge');
  await broadcastResponseToMainFrame();
}
