import { describe, expect, it } from 'vitest';
import { keepErrorBody, toArmError } from './errors';

function headers(h: Record<string, string>) {
  return { get: (n: string) => h[n.toLowerCase()] };
}

describe('toArmError', () => {
  it('keeps ARM code and message from a RestError', () => {
    const e = Object.assign(new Error('The client does not have authorization'), {
      name: 'RestError',
      code: 'AuthorizationFailed',
      statusCode: 403,
      response: { headers: headers({}), status: 403 },
    });
    expect(toArmError(e)).toEqual({
      status: 403,
      code: 'AuthorizationFailed',
      message: 'The client does not have authorization',
    });
  });

  it('prefers the response body envelope and reads Retry-After', () => {
    const e = Object.assign(new Error('Unexpected status code: 429'), {
      statusCode: 429,
      response: {
        headers: headers({ 'retry-after': '7' }),
        bodyAsText: JSON.stringify({ error: { code: 'TooManyRequests', message: 'Slow down' } }),
      },
    });
    expect(toArmError(e)).toEqual({
      status: 429,
      code: 'TooManyRequests',
      message: 'Slow down',
      retryAfterSeconds: 7,
    });
  });

  it('names network failures', () => {
    const e = Object.assign(new Error('Failed to fetch'), { code: 'REQUEST_SEND_ERROR' });
    expect(toArmError(e)).toMatchObject({ status: 0, code: 'NetworkError' });
    expect(toArmError(new TypeError('Failed to fetch'))).toMatchObject({ status: 0, code: 'NetworkError' });
  });

  it('keeps markup as plain text (rendering decides, never executes)', () => {
    const e = Object.assign(new Error('<img src=x onerror=alert(1)>'), { code: 'Conflict', statusCode: 409 });
    expect(toArmError(e).message).toBe('<img src=x onerror=alert(1)>');
  });
});

describe('keepErrorBody', () => {
  it('puts ARM’s message back on a paging error', () => {
    const keep = keepErrorBody();
    keep.onResponse({
      status: 403,
      parsedBody: { error: { code: 'AuthorizationFailed', message: 'No access to <sub>' } },
    });
    const e = Object.assign(new Error('Pagination failed with unexpected statusCode 403'), {
      code: 'AuthorizationFailed',
      statusCode: 403,
    });
    let caught: unknown;
    try {
      keep.rethrow(e);
    } catch (x) {
      caught = x;
    }
    expect(toArmError(caught)).toEqual({
      status: 403,
      code: 'AuthorizationFailed',
      message: 'No access to <sub>',
    });
  });
});
