// Public surface of lib/auth. Nothing outside lib/auth imports MSAL.
export { MsalShell, useAuth, describeAuthError, type AuthState, type SignedInUser } from './msal-shell';
export { ARM_SCOPE, getArmToken, signIn, signOut, SignInRedirectError, type ArmToken } from './msal';
export { msalCredential } from './credential';
