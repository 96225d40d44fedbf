import { describe, expect, it } from 'vitest';
import { ConfigError, LOCAL_CLIENT_ID, LOCAL_TENANT_ID, parseConfig } from './env';

describe('parseConfig', () => {
  it('targets local Azure when no tenant is configured', () => {
    const c = parseConfig({});
    expect(c.mode).toBe('local');
    expect(c.authority).toBe(`https://localhost:8443/${LOCAL_TENANT_ID}/v2.0/`);
    expect(c.knownAuthorities).toEqual(['localhost:8443']);
    expect(c.clientId).toBe(LOCAL_CLIENT_ID);
    expect(c.armEndpoint).toBe('https://localhost:4010');
    expect(c.appOrigin).toBe('http://localhost:3000');
    expect(c.pollIntervalMs).toBe(15000);
  });

  it('follows the local ports and the app origin', () => {
    const c = parseConfig({ LOCAL_IDP_PORT: '9443', LOCAL_AZURE_PORT: '4999', PORT: '3100' });
    expect(c.authority).toBe(`https://localhost:9443/${LOCAL_TENANT_ID}/v2.0/`);
    expect(c.knownAuthorities).toEqual(['localhost:9443']);
    expect(c.armEndpoint).toBe('https://localhost:4999');
    expect(c.appOrigin).toBe('http://localhost:3100');
    expect(parseConfig({ KILN_APP_ORIGIN: 'http://127.0.0.1:5000/' }).appOrigin).toBe(
      'http://127.0.0.1:5000',
    );
  });

  it('targets Entra and management.azure.com with a tenant', () => {
    const c = parseConfig({
      AZURE_TENANT_ID: 'contoso.onmicrosoft.com',
      AZURE_CLIENT_ID: '11111111-2222-3333-4444-555555555555',
    });
    expect(c.mode).toBe('azure');
    expect(c.authority).toBe('https://login.microsoftonline.com/contoso.onmicrosoft.com/v2.0/');
    expect(c.knownAuthorities).toEqual([]);
    expect(c.armEndpoint).toBe('https://management.azure.com');
  });

  it('treats empty values as unset', () => {
    expect(parseConfig({ AZURE_TENANT_ID: '', AZURE_CLIENT_ID: ' ' }).mode).toBe('local');
  });

  it('names every problem in one message', () => {
    let err: unknown;
    try {
      parseConfig({
        AZURE_TENANT_ID: 'contoso.onmicrosoft.com',
        PORT: 'abc',
        KILN_APP_ORIGIN: 'localhost/x',
      });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ConfigError);
    const msg = (err as Error).message;
    expect(msg).toContain('AZURE_CLIENT_ID');
    expect(msg).toContain('PORT');
    expect(msg).toContain('KILN_APP_ORIGIN');
    expect(msg).toContain('"abc"');
  });

  it('rejects a malformed client id', () => {
    expect(() => parseConfig({ AZURE_TENANT_ID: 't', AZURE_CLIENT_ID: 'not-a-guid' })).toThrow(
      /AZURE_CLIENT_ID/,
    );
  });
});
