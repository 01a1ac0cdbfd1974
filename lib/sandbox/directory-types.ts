// The persisted shape of a sandbox tenant: directory objects, app registrations, grants, refresh
// tokens and access policies. Plain JSON so directory.json survives restarts (demo mode).
import type { DirectoryUser } from "./contracts";

export interface TenantInfo {
  id: string;
  /** Initial verified domain, e.g. contoso.sandbox (Microsoft: contoso.onmicrosoft.com). */
  domain: string;
  displayName: string;
}

export interface AppSecret {
  keyId: string;
  displayName: string;
  /** First 3 characters of the value, as Azure shows it. */
  hint: string;
  value: string;
  startDateTime: string;
  endDateTime: string;
}

export interface AppRegistration {
  /** appId / client_id. */
  clientId: string;
  /** Object id of the application object; the service principal id is `servicePrincipalId`. */
  objectId: string;
  servicePrincipalId: string;
  displayName: string;
  redirectUris: string[];
  secrets: AppSecret[];
  /** Delegated Graph permissions the app requests (scope names without the resource prefix). */
  delegatedScopes: string[];
  /** Application (app-only) Graph permissions configured on the registration. */
  applicationPermissions: string[];
  /** Tenant-wide admin consent: the application permissions that became `roles`. */
  adminConsent: { granted: boolean; roles: string[]; grantedAt?: string };
}

/** oauth2PermissionGrant for one user (consentType Principal) or everyone (AllPrincipals). */
export interface DelegatedGrant {
  clientId: string;
  /** undefined = admin consent for all users (AllPrincipals). */
  userId?: string;
  scopes: string[];
}

export interface RefreshTokenRecord {
  /** sha256 of the opaque token; the token itself is never stored. */
  hash: string;
  clientId: string;
  userId: string;
  scopes: string[];
  issuedAt: string;
  lastUsedAt: string;
}

export interface AccessPolicy {
  appId: string;
  accessRight: "RestrictAccess" | "DenyAccess";
  /** The mail-enabled security group the policy scopes to, as member mailbox ids. */
  groupName: string;
  mailboxIds: string[];
  description?: string;
}

export interface DirectoryState {
  version: 1;
  tenant: TenantInfo;
  users: DirectoryUser[];
  apps: AppRegistration[];
  delegatedGrants: DelegatedGrant[];
  refreshTokens: RefreshTokenRecord[];
  accessPolicies: AccessPolicy[];
  /** Per user: refreshTokensValidFromDateTime (set by revokeSignInSessions). */
  refreshTokensValidFrom: Record<string, string>;
  /** Access tokens issued before this instant (ISO, whole second) are refused by Graph as expired. */
  accessTokensValidFrom?: string;
  /** Directory change numbers for /users/delta (absent in state files written before it existed). */
  changes?: DirectoryChanges;
}

/** The directory's change log: a counter, per user when it (re)appeared / each field changed, purges. */
export interface DirectoryChanges {
  seq: number;
  users: Record<string, { appeared: number; fields: Record<string, number>; removed?: number }>;
  /** Permanently deleted users; kept as long as a delta token may still ask about them (7 days). */
  purged: { id: string; seq: number; at: string }[];
  /** Key that seals the opaque delta tokens. */
  tokenKey: string;
  deltaTokensValidFrom?: string;
}
