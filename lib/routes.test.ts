import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { API_ROUTES, PAGES, templatePagePath } from './routes';

const appFolder = (route: string) => (route === '/' ? 'app/(main)' : `app/(main)${route}`);

describe('Kiln routes', () => {
  it('each page and server route is served by the app folder of the same name', () => {
    expect(existsSync(`${appFolder(PAGES.templates)}/page.tsx`)).toBe(true);
    expect(existsSync(`${appFolder(PAGES.template)}/[...id]/page.tsx`)).toBe(true);
    expect(existsSync(`${appFolder(PAGES.estate)}/page.tsx`)).toBe(true);
    expect(existsSync(`app${PAGES.redirect}/page.tsx`)).toBe(true);
    for (const route of Object.values(API_ROUTES))
      expect(existsSync(`app${route}/route.ts`), route).toBe(true);
  });

  it('puts a template id after the page prefix, each segment encoded', () => {
    expect(templatePagePath('/subscriptions/s/resourceGroups/rg/providers/P/t/a b')).toBe(
      '/templates/subscriptions/s/resourceGroups/rg/providers/P/t/a%20b',
    );
  });
});
