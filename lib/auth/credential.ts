// A TokenCredential for the Azure SDK clients, backed by MSAL. It always asks for ARM's
// user_impersonation scope, whatever scope the SDK derives (docs/azure/sign-in-and-storage.md).
import type { AccessToken, TokenCredential } from '@azure/core-auth';
import { getArmToken } from './msal';

export const msalCredential: TokenCredential = {
  async getToken(): Promise<AccessToken | null> {
    return getArmToken();
  },
};
