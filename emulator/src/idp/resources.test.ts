import { describe, expect, it } from 'vitest';
import { RESOURCE_SERVERS, resolveScopes, scopesOf } from './resources.ts';

describe('scopes → resource', () => {
  it('maps both ids of Resource Manager, with and without the slash, to one resource each', () => {
    expect(resolveScopes('https://management.azure.com/user_impersonation openid', 'x')).toEqual({
      ok: true,
      resource: 'https://management.azure.com',
    });
    expect(resolveScopes('https://management.core.windows.net//.default offline_access', 'x')).toEqual({
      ok: true,
      resource: 'https://management.core.windows.net/',
    });
    expect(resolveScopes('https://management.core.windows.net/.default', 'x')).toEqual({
      ok: true,
      resource: 'https://management.core.windows.net/',
    });
    expect(resolveScopes('openid profile', 'x')).toEqual({ ok: true });
  });

  it('refuses unknown resources, permissions, bare words and two resources at once', () => {
    expect(resolveScopes('https://graph.microsoft.com/.default', 't')).toMatchObject({
      ok: false,
      error: 'invalid_resource',
    });
    expect(resolveScopes('https://management.azure.com/foo', 't')).toMatchObject({
      ok: false,
      error: 'invalid_scope',
    });
    expect(resolveScopes('User.Read', 't')).toMatchObject({ ok: false, error: 'invalid_scope' });
    expect(
      resolveScopes(
        'https://management.azure.com/.default https://management.core.windows.net//.default',
        't',
      ),
    ).toMatchObject({ ok: false, error: 'invalid_scope' });
  });

  it('a resource server answers every spelling of its scopes', () => {
    const classic = RESOURCE_SERVERS.find((r) => r.id.endsWith('/'));
    expect(classic && scopesOf(classic)).toEqual(
      expect.arrayContaining([
        'https://management.core.windows.net//.default',
        'https://management.core.windows.net/.default',
        'https://management.core.windows.net//user_impersonation',
      ]),
    );
  });
});
