// Server-side reader of a build's `packerlogs/<run>/customization.log` (docs/azure/sign-in-and-storage.md). Runs in the Next.js
// route handler only: with the signed-in user's ARM token it reads the template, finds the staging
// storage account through ARM, calls listKeys (so it reaches only what that user may), and reads the
// blob with Shared Key from the blob endpoint ARM reported — never from a URL the client sent.
// (Owned by the topology helper; the only place besides clients.ts that builds SDK clients.)
import { ImageBuilderClient } from '@azure/arm-imagebuilder';
import { ResourceManagementClient } from '@azure/arm-resources';
import { StorageManagementClient } from '@azure/arm-storage';
import { BlobServiceClient, type ContainerClient, StorageSharedKeyCredential } from '@azure/storage-blob';
import type { AccessToken, TokenCredential } from '@azure/core-auth';
import { toArmError } from './errors';
import type { HttpClient } from '@azure/core-rest-pipeline';
import { armHttpClient } from './http-client';
import { parseArmId, strictImageTemplateId } from './ids';
import { PACKER_LOG_OPERATIONS, type Operations } from './arm-operation';

/** The ARM operations this reader sends, in order (the /api/logs and /api/runs callers declare them too). */
export const OPERATIONS: Operations = PACKER_LOG_OPERATIONS;

const ARM_SCOPE = 'https://management.azure.com/user_impersonation';
const STORAGE_TYPE = 'Microsoft.Storage/storageAccounts';
/** The most of a log sent to the browser (the tail is what matters when it is longer). */
export const MAX_LOG_BYTES = 4 * 1024 * 1024;
/**
 * A packerlogs run folder: AIB names it after the run (a GUID or a GUID prefix). Letters, digits,
 * `-` and `_` only: no dots at all, so never `.` or `..`, no slashes, no escapes.
 */
const RUN_RE = /^[A-Za-z0-9][A-Za-z0-9_-]{0,127}$/;

/** A run folder name Kiln will read. */
export function isValidRunFolder(run: string): boolean {
  return RUN_RE.test(run);
}

export type BlobLogResult =
  | { ok: true; account: string; run: string; content: string; truncated: boolean }
  | { ok: false; status: number; code: string; message: string };

export interface BlobLogRequest {
  /** The user's ARM access token (from the Authorization header); never logged. */
  armToken: string;
  armEndpoint: string;
  templateId: string;
  /** The run folder under packerlogs/ when known (from lastRunStatus or the client). */
  run?: string;
  /** Picks the run folder from the template (e.g. parsing lastRunStatus.message) when `run` is absent. */
  runFromTemplate?: (lastRunMessage: string | undefined) => string | undefined;
}

function staticCredential(token: string): TokenCredential {
  return {
    getToken: async (): Promise<AccessToken> => ({ token, expiresOnTimestamp: Date.now() + 5 * 60_000 }),
  };
}

function problem(
  status: number,
  code: string,
  message: string,
): { ok: false; status: number; code: string; message: string } {
  return { ok: false, status, code, message };
}

export type PackerLogs =
  | { ok: true; account: string; container: ContainerClient; lastMessage: string | undefined }
  | { ok: false; status: number; code: string; message: string };

type Problem = ReturnType<typeof problem>;
type ArmCommon = { endpoint: string; retryOptions: { maxRetries: number }; httpClient: HttpClient };

/** An ARM error as this reader's problem (502 when the SDK saw no status). */
function armProblem(e: unknown): Problem {
  const err = toArmError(e);
  return problem(err.status || 502, err.code, err.message);
}

/** 1. The template's staging resource group (and its last run's message). */
async function readTemplate(
  cred: TokenCredential,
  common: ArmCommon,
  template: { subscriptionId: string; resourceGroup: string; name: string },
): Promise<
  { ok: true; subscriptionId: string; resourceGroup: string; lastMessage: string | undefined } | Problem
> {
  let stagingRgId: string | undefined;
  let lastMessage: string | undefined;
  try {
    const aib = new ImageBuilderClient(cred, template.subscriptionId, {
      ...common,
      credentials: { scopes: [ARM_SCOPE] },
    });
    const t = await aib.virtualMachineImageTemplates.get(template.resourceGroup, template.name);
    stagingRgId = t.exactStagingResourceGroup;
    lastMessage = t.lastRunStatus?.message;
  } catch (e) {
    return armProblem(e);
  }
  if (!stagingRgId)
    return problem(404, 'NoStagingResourceGroup', 'The template has no staging resource group yet.');
  const staging = parseArmId(stagingRgId);
  if (!staging.resourceGroup)
    return problem(404, 'NoStagingResourceGroup', 'The staging resource group id is not valid.');
  return {
    ok: true,
    subscriptionId: staging.subscriptionId,
    resourceGroup: staging.resourceGroup,
    lastMessage,
  };
}

/** 2. The staging group's storage account, as ARM reports it. */
async function findStorageAccount(
  cred: TokenCredential,
  common: ArmCommon,
  staging: { subscriptionId: string; resourceGroup: string },
): Promise<{ ok: true; account: string } | Problem> {
  let account: string | undefined;
  try {
    const res = new ResourceManagementClient(cred, staging.subscriptionId, {
      ...common,
      credentialScopes: [ARM_SCOPE],
    });
    for await (const r of res.resources.listByResourceGroup(staging.resourceGroup, {
      filter: `resourceType eq '${STORAGE_TYPE}'`,
    })) {
      if (r.name && r.type?.toLowerCase() === STORAGE_TYPE.toLowerCase()) account = r.name;
    }
  } catch (e) {
    const err = toArmError(e);
    if (err.status === 404)
      return problem(404, 'StagingResourceGroupNotFound', 'The staging resource group no longer exists.');
    return armProblem(e);
  }
  if (!account)
    return problem(404, 'NoStorageAccount', 'The staging resource group has no storage account (yet).');
  return { ok: true, account };
}

/** 3. The account's blob endpoint and a key from listKeys (refused unless the user may list keys). */
async function accountAccess(
  cred: TokenCredential,
  common: ArmCommon,
  staging: { subscriptionId: string; resourceGroup: string },
  account: string,
): Promise<{ ok: true; blobEndpoint: string; key: string } | Problem> {
  const storage = new StorageManagementClient(cred, staging.subscriptionId, {
    ...common,
    credentials: { scopes: [ARM_SCOPE] },
  });
  let blobEndpoint: string | undefined;
  let key: string | undefined;
  try {
    const sa = await storage.storageAccounts.getProperties(staging.resourceGroup, account);
    blobEndpoint = sa.primaryEndpoints?.blob;
  } catch (e) {
    return armProblem(e);
  }
  if (!blobEndpoint) return problem(502, 'NoBlobEndpoint', `ARM reported no blob endpoint for ${account}.`);
  try {
    const keys = await storage.storageAccounts.listKeys(staging.resourceGroup, account);
    key = keys.keys?.find((k) => k.value)?.value;
  } catch (e) {
    if (toArmError(e).status === 403) {
      return problem(
        403,
        'ListKeysForbidden',
        `You may not read the keys of the staging storage account ${account}. Ask for a role that grants ` +
          `Microsoft.Storage/storageAccounts/listkeys/action on the staging resource group ` +
          `(for example "Storage Account Key Operator Service Role", "Reader and Data Access" or Contributor).`,
      );
    }
    return armProblem(e);
  }
  if (!key) return problem(502, 'NoKey', `ARM returned no key for ${account}.`);
  return { ok: true, blobEndpoint, key };
}

/**
 * The template's staging `packerlogs` container, reached with the user's ARM token: the template, its
 * staging resource group, the storage account ARM reports there, its blob endpoint and a key from
 * listKeys (so the user reaches only what they may).
 */
export async function openPackerLogs(req: Omit<BlobLogRequest, 'runFromTemplate'>): Promise<PackerLogs> {
  // Both inputs are checked against strict shapes before any call: a `..` in either would change the
  // ARM or blob path read.
  const parsed = strictImageTemplateId(req.templateId);
  if (!parsed?.resourceGroup || !parsed.name)
    return problem(400, 'InvalidTemplateId', 'The id is not an image template id.');
  if (req.run !== undefined && !RUN_RE.test(req.run)) {
    return problem(400, 'InvalidRun', 'The run folder name is not valid.');
  }
  const cred = staticCredential(req.armToken);
  // The user's token goes to the configured ARM only, and no listing pages for ever (http-client.ts).
  const httpClient = armHttpClient({ endpoint: () => req.armEndpoint });
  const common = { endpoint: req.armEndpoint, retryOptions: { maxRetries: 3 }, httpClient };
  const template = {
    subscriptionId: parsed.subscriptionId,
    resourceGroup: parsed.resourceGroup,
    name: parsed.name,
  };
  const staging = await readTemplate(cred, common, template);
  if (!staging.ok) return staging;
  const found = await findStorageAccount(cred, common, staging);
  if (!found.ok) return found;
  const access = await accountAccess(cred, common, staging, found.account);
  if (!access.ok) return access;
  const credential = new StorageSharedKeyCredential(found.account, access.key);
  const service = new BlobServiceClient(access.blobEndpoint, credential, { retryOptions: { maxTries: 3 } });
  const container = service.getContainerClient('packerlogs');
  return { ok: true, account: found.account, container, lastMessage: staging.lastMessage };
}

export async function readCustomizationLog(req: BlobLogRequest): Promise<BlobLogResult> {
  const logs = await openPackerLogs(req);
  if (!logs.ok) return logs;
  const { account, container, lastMessage } = logs;
  // 4. The blob, with Shared Key, from the endpoint ARM reported.
  try {
    let run = req.run ?? req.runFromTemplate?.(lastMessage);
    if (run !== undefined && !RUN_RE.test(run)) run = undefined;
    if (!run) {
      let newest: { run: string; at: number } | undefined;
      for await (const b of container.listBlobsFlat()) {
        const m = /^([^/]+)\/customization\.log$/.exec(b.name);
        const at = b.properties.lastModified?.getTime() ?? 0;
        if (m?.[1] && (!newest || at > newest.at)) newest = { run: m[1], at };
      }
      run = newest?.run;
    }
    if (!run) return problem(404, 'LogNotFound', 'No build log has been written yet.');
    const blob = container.getBlobClient(`${run}/customization.log`);
    const props = await blob.getProperties();
    const size = props.contentLength ?? 0;
    const offset = size > MAX_LOG_BYTES ? size - MAX_LOG_BYTES : 0;
    const buf = await blob.downloadToBuffer(offset, size - offset);
    return { ok: true, account, run, content: buf.toString('utf8'), truncated: offset > 0 };
  } catch (e) {
    const status = (e as { statusCode?: number }).statusCode;
    if (status === 404) return problem(404, 'LogNotFound', 'The build log does not exist.');
    return problem(502, 'BlobReadFailed', `The build log could not be read from ${account}.`);
  }
}
