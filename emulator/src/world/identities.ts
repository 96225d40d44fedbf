// The fixed identities of the seed world, shared by the identity provider (who can sign in) and the
// seed (who holds which role where). Deterministic so tests and docs can name them.

export const TENANT_ID = 'f1e2d3c4-b5a6-4978-8a9b-0c1d2e3f4a5b';
export const TENANT_DOMAIN = 'contoso.onmicrosoft.com';

/** The dashboard's public client (an Entra "single-page application" registration, locally). */
export const SPA_CLIENT_ID = '5c2a1f7e-0d3b-4e8a-9f61-7b4c2d1e0a93';

/**
 * Microsoft's own public clients, known to every Entra tenant, so that a person signs in to the Azure CLI
 * (`az login`, `az login --use-device-code`) and Azure PowerShell (`Connect-AzAccount`) as a demo user:
 * device code or authorization code with a loopback redirect (`http://localhost:<any port>`).
 */
export const PUBLIC_CLIENTS = [
  { clientId: '04b07795-8ddb-461a-bbee-02f9e1bf7b46', name: 'Microsoft Azure CLI' },
  { clientId: '1950a258-227b-4e31-a9cf-717495945fc2', name: 'Microsoft Azure PowerShell' },
] as const;
export const AZURE_CLI_CLIENT_ID = PUBLIC_CLIENTS[0].clientId;

/** A confidential client for automation: client_credentials with scope https://management.azure.com/.default. */
export const AUTOMATION_CLIENT = {
  clientId: '9a6e2c1b-4d3f-4b7a-8e25-6f1c0d9b8a74',
  clientSecret: 'local-azure-automation-secret',
  /** The service principal's object id (what role assignments name). */
  objectId: '3d8f1b2a-6c4e-4f9d-a1b7-2e5c8d0f9a16',
  displayName: 'kiln-automation',
} as const;

export const SUBSCRIPTIONS = {
  dev: { subscriptionId: '0b1f6471-1bf0-4dda-aec3-cb9272f09590', displayName: 'Contoso Dev' },
  prod: { subscriptionId: '7c9e6679-7425-40de-944b-e07fc1f90ae7', displayName: 'Contoso Prod' },
} as const;

export interface DemoUser {
  username: string;
  password: string;
  name: string;
  objectId: string;
  /** Plain words for the login page and README. */
  summary: string;
}

export const DEMO_PASSWORD = 'kiln-demo';

export const USERS = {
  owner: {
    username: 'ava@contoso.com',
    password: DEMO_PASSWORD,
    name: 'Ava Owner',
    objectId: 'a1b2c3d4-0001-4a00-8000-00000000a001',
    summary: 'Owner of Contoso Dev and Contoso Prod',
  },
  reader: {
    username: 'rey@contoso.com',
    password: DEMO_PASSWORD,
    name: 'Rey Reader',
    objectId: 'a1b2c3d4-0002-4a00-8000-00000000a002',
    summary: 'Reader of Contoso Prod only',
  },
  contributor: {
    username: 'cole@contoso.com',
    password: DEMO_PASSWORD,
    name: 'Cole Contributor',
    objectId: 'a1b2c3d4-0003-4a00-8000-00000000a003',
    summary: 'Contributor of one resource group (rg-images-team) in Contoso Dev',
  },
  nobody: {
    username: 'nia@contoso.com',
    password: DEMO_PASSWORD,
    name: 'Nia Newcomer',
    objectId: 'a1b2c3d4-0004-4a00-8000-00000000a004',
    summary: 'No subscription at all',
  },
} as const satisfies Record<string, DemoUser>;

/** The principal AIB's own staging work is recorded under in the Activity Log. */
export const AIB_SERVICE_CALLER = 'Azure VM Image Builder';
