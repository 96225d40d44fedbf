// Kiln's own URLs, written once: the pages and the server routes the browser calls. Next.js serves each
// from the app/ folder of the same name (routes.test.ts checks the folders exist). The browser tests
// import this file too (the one app file they may: it imports nothing), so a page moved here moves there.

/** The pages. */
export const PAGES = {
  /** The templates list. */
  templates: '/',
  /** One template: this prefix + its ARM id (templatePagePath). */
  template: '/templates',
  estate: '/estate',
  /** Where the sign-in redirect lands (MSAL's redirect bridge). */
  redirect: '/redirect',
} as const;

/** Kiln's server routes (app/api): what they answer is described beside each handler. */
export const API_ROUTES = {
  /** A finished build's customization.log, read server-side with the user's ARM token. */
  logs: '/api/logs',
  /** A template's run folders, each log cut into steps. */
  runs: '/api/runs',
  /** List prices from the Azure Retail Prices API. */
  prices: '/api/prices',
} as const;

/** A template's page: the prefix, then each segment of its ARM id URL-encoded. */
export function templatePagePath(armId: string): string {
  const segments = armId.split('/').filter((s) => s.length > 0);
  return `${PAGES.template}/${segments.map(encodeURIComponent).join('/')}`;
}
