// `GET /metadata/endpoints`: the cloud's endpoints, served anonymously as Resource Manager serves them
// (`az cloud register --endpoint-resource-manager`, `ARM_CLOUD_METADATA_URL`, SDKs that discover a cloud).
// Three shapes by api-version: the classic one object (2015-01-01, 2018-01-01: what
// `az cloud register` reads), the list of clouds (2019-05-01, 2020-06-01: what the CLI's
// ARM_CLOUD_METADATA_URL reads) and the current cloud alone (2022-09-01).
import type { IncomingMessage, ServerResponse } from 'node:http';
import { randomUUID } from 'node:crypto';
import { ArmError } from '../core/errors.ts';
import { ARM_CLASSIC_RESOURCE } from '../idp/resources.ts';

export const METADATA_PATH = '/metadata/endpoints';
export const LOCAL_CLOUD_NAME = 'LocalAzure';
const CLASSIC = ['2015-01-01', '2018-01-01'];
const LIST = ['2019-05-01', '2020-06-01'];
const CURRENT = ['2022-09-01'];
export const METADATA_API_VERSIONS = [...CURRENT, ...LIST, ...CLASSIC];

export interface CloudEndpoints {
  /** https://localhost:<arm port> */
  arm: string;
  /** https://localhost:<idp port> */
  idpOrigin: string;
}

/** Local Azure has no Microsoft Graph: these identifiers are published because clients require the fields. */
const GRAPH = 'https://graph.windows.net/';
const MS_GRAPH = 'https://graph.microsoft.com/';

function current(e: CloudEndpoints): Record<string, unknown> {
  return {
    portal: e.arm,
    authentication: {
      // The AD FS form of the authority: see ADFS_DISCOVERY in idp/provider.ts.
      loginEndpoint: `${e.idpOrigin}/adfs`,
      audiences: [ARM_CLASSIC_RESOURCE, 'https://management.azure.com/'],
      tenant: 'common',
      identityProvider: 'AAD',
    },
    graphAudience: GRAPH,
    graph: GRAPH,
    name: LOCAL_CLOUD_NAME,
    suffixes: {},
    resourceManager: `${e.arm}/`,
    microsoftGraphResourceId: MS_GRAPH,
  };
}

/** The body for an api-version, or ARM's error for a missing / unknown one. */
export function cloudMetadata(apiVersion: string | null, e: CloudEndpoints): unknown {
  if (!apiVersion) {
    throw new ArmError(
      400,
      'MissingApiVersionParameter',
      'The api-version query parameter (?api-version=) is required for all requests.',
    );
  }
  if (CLASSIC.includes(apiVersion)) {
    const c = current(e);
    return {
      galleryEndpoint: '',
      graphEndpoint: GRAPH,
      portalEndpoint: `${e.arm}/`,
      authentication: {
        loginEndpoint: (c.authentication as { loginEndpoint: string }).loginEndpoint,
        audiences: [ARM_CLASSIC_RESOURCE, 'https://management.azure.com/'],
      },
    };
  }
  if (LIST.includes(apiVersion)) return [current(e)];
  if (CURRENT.includes(apiVersion)) return current(e);
  throw new ArmError(
    400,
    'InvalidApiVersionParameter',
    `The api-version '${apiVersion}' is invalid. The supported versions are '${METADATA_API_VERSIONS.join(',')}'.`,
  );
}

/** Answers `/metadata/endpoints` (no token needed) and returns true, or returns false for any other path. */
export function serveMetadata(req: IncomingMessage, res: ServerResponse, e: CloudEndpoints): boolean {
  const url = new URL(req.url ?? '/', 'https://localhost');
  if (url.pathname.replace(/\/+$/, '').toLowerCase() !== METADATA_PATH) return false;
  const headers: Record<string, string> = {
    'x-ms-request-id': randomUUID(),
    'Content-Type': 'application/json; charset=utf-8',
  };
  let status = 200;
  let body: unknown;
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    status = 405;
    body = new ArmError(
      405,
      'MethodNotAllowed',
      `The requested method '${req.method ?? ''}' is not allowed.`,
    ).toBody();
  } else {
    try {
      body = cloudMetadata(url.searchParams.get('api-version'), e);
    } catch (err) {
      if (!(err instanceof ArmError)) throw err;
      status = err.status;
      body = err.toBody();
    }
  }
  const text = JSON.stringify(body);
  res.writeHead(status, { ...headers, 'Content-Length': String(Buffer.byteLength(text)) });
  res.end(req.method === 'HEAD' ? undefined : text);
  return true;
}
