// The part of oidc-provider 9's API local Azure uses (the package ships no types).
declare module 'oidc-provider' {
  import type { IncomingMessage, ServerResponse } from 'node:http';

  export interface OidcClient {
    clientId: string;
    grantTypeAllowed(type: string): boolean;
  }

  export interface OidcSession {
    accountId?: string;
    grantIdFor(clientId: string, value?: string): string | undefined;
    ensureClientContainer(clientId: string): void;
  }

  export interface OidcContextData {
    client?: OidcClient;
    session?: OidcSession;
    params?: Record<string, unknown>;
    result?: { consent?: { grantId?: string } };
    provider: Provider;
    route?: string;
  }

  export interface KoaContext {
    oidc: OidcContextData;
    host: string;
    body: unknown;
    status: number;
    type: string;
    set(name: string, value: string): void;
    get(name: string): string;
  }

  export interface GrantInstance {
    jti?: string;
    addOIDCScope(scope: string): void;
    addResourceScope(resource: string, scope: string): void;
    save(): Promise<string>;
  }

  export interface GrantConstructor {
    new (init: { accountId: string; clientId: string }): GrantInstance;
    find(id: string): Promise<GrantInstance | undefined>;
  }

  export interface TokenLike {
    kind: string;
    accountId?: string;
    clientId?: string;
    client?: OidcClient;
    scope?: string;
  }

  export interface InteractionDetails {
    uid: string;
    prompt: { name: string; reasons?: string[]; details?: Record<string, unknown> };
    params: Record<string, unknown>;
    session?: { accountId?: string };
    grantId?: string;
    lastSubmission?: Record<string, unknown>;
  }

  export interface InteractionResult {
    login?: { accountId: string; remember?: boolean };
    consent?: { grantId: string };
    error?: string;
    error_description?: string;
  }

  export type Configuration = Record<string, unknown>;

  export class Provider {
    constructor(issuer: string, configuration?: Configuration);
    readonly issuer: string;
    readonly Grant: GrantConstructor;
    proxy: boolean;
    callback(): (req: IncomingMessage, res: ServerResponse) => void;
    interactionDetails(req: IncomingMessage, res: ServerResponse): Promise<InteractionDetails>;
    interactionFinished(
      req: IncomingMessage,
      res: ServerResponse,
      result: InteractionResult,
      opts?: { mergeWithLastSubmission?: boolean },
    ): Promise<void>;
    on(event: string, listener: (...args: unknown[]) => void): this;
  }

  export const errors: {
    InvalidTarget: new (description?: string) => Error;
    InvalidScope: new (description?: string, scope?: string) => Error;
    CustomOIDCProviderError: new (error: string, description: string) => Error;
  };

  export default Provider;
}
