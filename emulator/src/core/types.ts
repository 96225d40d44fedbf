// The contract between local Azure's platform (HTTP pipeline, auth, RBAC, LRO, control API) and its
// providers (one handler per ARM operation). Providers register RouteDefs; the platform parses the
// request, checks api-version, authenticates, authorizes `action` at `scope`, runs `handle`, and
// renders ArmError as ARM's error envelope. Providers never touch sockets.

/** Any ARM resource as JSON: id, name and type always present; the rest is the resource's own shape. */
export interface ArmResource {
  id: string;
  name: string;
  type: string;
  location?: string;
  tags?: Record<string, string>;
  properties?: Record<string, unknown>;
  [key: string]: unknown;
}

/** Who is calling, from the verified bearer token. */
export interface Caller {
  /** Object id of the user or service principal (token `oid`). */
  objectId: string;
  tenantId: string;
  /** `user` for delegated tokens (scp), `app` for client_credentials tokens (roles). */
  kind: 'user' | 'app';
  /** UPN for users, client id for apps: what the Activity Log records as `caller`. */
  displayName: string;
}

export interface ArmRequest {
  method: 'GET' | 'PUT' | 'PATCH' | 'POST' | 'DELETE' | 'HEAD';
  /** Path as received (original casing), without query string. */
  path: string;
  query: URLSearchParams;
  apiVersion: string;
  /** Parsed JSON body, or undefined when there is none. */
  body: unknown;
  headers: Record<string, string | undefined>;
  /** Absolute base URL of local ARM, e.g. https://localhost:4010, for Location/nextLink headers. */
  baseUrl: string;
}

export interface ArmResponse {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export interface RouteContext {
  req: ArmRequest;
  /** Path parameters, by the names used in the route template (`{subscriptionId}` → params.subscriptionId). */
  params: Record<string, string>;
  caller: Caller;
  /** Throws ArmError 403 AuthorizationFailed unless the caller may perform `action` at `scope`. */
  authorize(action: string, scope: string): void;
  /** True when the caller may perform `action` at `scope` (for filtering collection GETs). */
  can(action: string, scope: string): boolean;
  world: World;
  clock: Clock;
  lro: Lro;
  activity: ActivityLog;
}

/** Simulated time: durations are divided by the speed S; timestamps stay wall-clock. */
export interface Clock {
  /** Current wall-clock time. */
  now(): Date;
  /** Current speed S (simulated Azure seconds per real second). */
  speed(): number;
  /** Resolves after `azureMs` of Azure time, i.e. azureMs / S real milliseconds (re-evaluated if S changes). */
  sleep(azureMs: number, signal?: AbortSignal): Promise<void>;
  /** Azure seconds → the Retry-After a client should wait (scaled, at least 1 s). */
  retryAfterSeconds(azureSeconds: number): number;
  /** The world's time: Azure milliseconds since the world began (stands still while local Azure is down). */
  azureTime(): number;
  /**
   * Runs the handler registered for `kind` (`handle`) after `azureMs` of Azure time. Jobs are data, not
   * closures, so they are saved with the world and run after a restart; a reset drops them.
   */
  after(azureMs: number, kind: string, args: JobArgs): void;
  /** Registers what a job of `kind` does (each provider registers its own when it builds its routes). */
  handle(kind: string, fn: (args: JobArgs) => void | Promise<void>): void;
}

/** A scheduled job's arguments: JSON values only (they are saved with the world). */
export type JobArgs = Record<string, string | number | boolean | null>;

/** A job as saved: what runs, with what, and the Azure time it still had to wait. */
export interface SavedJob {
  kind: string;
  args: JobArgs;
  remainingMs: number;
}

export type OperationStatus = 'InProgress' | 'Succeeded' | 'Failed' | 'Canceled';

export interface OperationRecord {
  /** Upper-case GUID, as AIB returns. */
  name: string;
  status: OperationStatus;
  startTime: string;
  endTime?: string;
  error?: { code: string; message: string };
}

/** Long-running operations, one status resource per operation, served by the platform. */
export interface Lro {
  /**
   * Creates an operation and returns the headers for the 201/202 response: `Azure-AsyncOperation`,
   * `Location` (when `location` is true) and `Retry-After`. `statusPath` is the provider's
   * operation-status collection, e.g.
   * `/subscriptions/{sub}/providers/Microsoft.VirtualMachineImages/locations/{location}/operations`.
   * Polling `Location` answers 202 while in progress and 200/204 at the end (ARM's location semantics).
   */
  start(opts: {
    statusPath: string;
    apiVersion: string;
    baseUrl: string;
    location?: boolean;
    retryAfterAzureSeconds?: number;
  }): {
    id: string;
    headers: Record<string, string>;
  };
  complete(
    id: string,
    status: Exclude<OperationStatus, 'InProgress'>,
    error?: { code: string; message: string },
  ): void;
  get(id: string): OperationRecord | undefined;
}

export interface ActivityEvent {
  /** e.g. `Microsoft.VirtualMachineImages/imageTemplates/run/action`, `Microsoft.Network/virtualNetworks/write`. */
  operationName: string;
  resourceId: string;
  /** UPN / client id, or `Azure VM Image Builder` for the service's own staging work. */
  caller: string;
  status: 'Started' | 'Accepted' | 'Succeeded' | 'Failed';
  subStatus?: string;
  /** Defaults to now. */
  eventTimestamp?: Date;
  correlationId?: string;
  properties?: Record<string, string>;
}

/** The Activity Log (Microsoft.Insights/eventtypes/management/values). */
export interface ActivityLog {
  record(event: ActivityEvent): void;
  /** Calls `listener` with every event recorded from now on, in ARM's EventData shape (alert delivery). */
  onRecord?(listener: (event: EventData) => void): void;
}

export interface LocalizableString {
  value: string;
  localizedValue: string;
}

/** One Activity Log entry as `eventtypes/management/values` returns it (Azure Monitor `EventData`). */
export interface EventData {
  authorization: { action: string; scope: string };
  caller: string;
  channels: string;
  claims: Record<string, string>;
  correlationId: string;
  description: string;
  eventDataId: string;
  eventName: LocalizableString;
  category: LocalizableString;
  id: string;
  level: 'Informational' | 'Warning' | 'Error';
  operationId: string;
  operationName: LocalizableString;
  resourceGroupName?: string;
  resourceProviderName: LocalizableString;
  resourceType: LocalizableString;
  resourceId: string;
  status: LocalizableString;
  subStatus: LocalizableString;
  eventTimestamp: string;
  submissionTimestamp: string;
  subscriptionId: string;
  tenantId: string;
  properties: Record<string, string>;
}

/** A mail in local Azure's mailbox (core/mailbox.ts). */
export interface Mail {
  id: string;
  to: string;
  subject: string;
  body: string;
  /** ISO time of delivery. */
  sentAt: string;
  /** The alert rule and action group that sent it, and the Activity Log event that fired it. */
  alertRuleId: string;
  actionGroupId: string;
  eventDataId: string;
  correlationId: string;
}

export interface MailDelivery {
  deliver(mail: Mail): void;
}

/** Per-resource bookkeeping that ARM exposes through `$expand=createdTime,changedTime,provisioningState`. */
export interface ResourceMeta {
  createdTime: string;
  changedTime: string;
}

/**
 * The world: every resource local Azure knows, keyed by normalised id (lower-case, `resourcegroups`
 * spelled consistently). Subscriptions and resource groups are resources too
 * (`/subscriptions/{id}` with type `Microsoft.Resources/subscriptions`, and
 * `/subscriptions/{id}/resourceGroups/{name}` with type `Microsoft.Resources/resourceGroups`).
 */
export interface World {
  get(id: string): ArmResource | undefined;
  meta(id: string): ResourceMeta | undefined;
  /** Inserts or replaces; keeps createdTime on replace, updates changedTime. Returns the stored copy. */
  put(resource: ArmResource): ArmResource;
  delete(id: string): boolean;
  /** Resources whose id starts with `scopeId + '/'` (case-insensitive), optionally of one type. */
  list(scopeId: string, type?: string): ArmResource[];
  /** Resources directly in a resource group (top-level resources only, as `resources` list returns). */
  listInResourceGroup(subscriptionId: string, resourceGroup: string): ArmResource[];
  /** Deletes a resource group and everything in it. */
  deleteResourceGroup(subscriptionId: string, resourceGroup: string): void;
}

/**
 * An endpoint ARM serves that its REST spec does not describe as an operation: the async-operation status
 * URLs ARM hands out in `Azure-AsyncOperation` / `Location` headers. `notInSpec` says which it is.
 */
export interface NotInSpec {
  notInSpec: string;
}

export interface RouteDef {
  /**
   * The operationId this route implements, as the REST spec (Azure/azure-rest-api-specs) names it, e.g.
   * `VirtualMachineImageTemplates_Run`: the name the app's lib/<capability>/api modules use for the same call
   * (emulator/agreement/operations.test.ts checks they line up), and the name local ARM's request log
   * prints. Every route declares one; an endpoint the spec does not describe says so (`NotInSpec`).
   */
  operationId: string | NotInSpec;
  /**
   * Other spec operations whose requests land on this route: an operation whose path is one whole
   * resource id (`RoleDefinitions_GetById`'s `/{roleId}`) is served where that id's own GET is.
   */
  alsoServes?: readonly string[];
  method: ArmRequest['method'];
  /**
   * Path template, matched case-insensitively segment by segment, e.g.
   * `/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/providers/Microsoft.VirtualMachineImages/imageTemplates/{imageTemplateName}`.
   */
  path: string;
  /** The api-versions this operation accepts; others get 400 InvalidApiVersionParameter (or NoRegisteredProviderFound). */
  apiVersions: readonly string[];
  /**
   * RBAC action checked before `handle` at `scope(params)` (defaults to the request path's resource id).
   * `null` for collection GETs that filter their items with `ctx.can` instead.
   */
  action: string | null;
  scope?: (params: Record<string, string>) => string;
  handle(ctx: RouteContext): ArmResponse | Promise<ArmResponse>;
}

/** Blob storage (Azurite) as the providers and the simulator see it. Implemented by the platform. */
export interface BlobStore {
  /** Public blob endpoint of an account as ARM reports it in `primaryEndpoints.blob` (ends with '/'). */
  endpointFor(accountName: string): string;
  /** Takes an unused account from the fixed pool Azurite was started with (24 lower-case alphanumerics). */
  allocateAccount(): { name: string; key: string };
  /** Returns an account to the pool (its containers are deleted). */
  releaseAccount(name: string): Promise<void>;
  /** Key of a pooled account, for listKeys. */
  keyOf(name: string): string | undefined;
  /** Appends text to an append blob, creating the container and blob when missing. */
  append(accountName: string, container: string, blobPath: string, text: string): Promise<void>;
  /** Writes a whole block blob (VHD placeholders, etc.). */
  write(accountName: string, container: string, blobPath: string, content: string): Promise<void>;
}

/** What the platform's control API needs from the build simulator. Implemented by the aib side. */
export interface SimulatorControl {
  /** Holds `templateId`'s next or current build when it reaches `phase` (a runSubState). */
  hold(templateId: string, phase: string): void;
  /** Releases every hold. */
  releaseHolds(): void;
  /** `templateId`'s next build: its first customizer's script ends with `exit` (once; reset clears it). */
  failNextScript(templateId: string, exit: number): void;
  /** Stops every running build without touching the world (before a reset). */
  stopAll(): Promise<void>;
}

/** Everything a provider module gets when it builds its routes. */
export interface ProviderDeps {
  world: World;
  clock: Clock;
  lro: Lro;
  activity: ActivityLog;
  blobs: BlobStore;
  /** Where Azure Monitor's e-mail notifications land (/_local/mailbox). */
  mailbox: MailDelivery;
  /** Page size for nextLink paging (LOCAL_AZURE_PAGE_SIZE; default 100). */
  pageSize(): number;
}

/** A provider module: `export function routes(deps: ProviderDeps): RouteDef[]`. */
export type ProviderModule = (deps: ProviderDeps) => RouteDef[];
