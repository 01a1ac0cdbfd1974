// The sandbox tenant's directory: users, room mailboxes, app registrations, consent, refresh tokens
// and application access policies, with the admin-side operations tests and the UI flip at run time.
// Here: the directory's interfaces, createDirectory (load or seed, then persist) and the state
// snapshot. The operations live in layers: directory-people.ts (state, users, rooms),
// directory-apps.ts (registrations, secrets, consent), directory-access.ts (tokens, access policies).
import fs from "node:fs";
import type { Directory, DirectoryChangeLog, DirectoryUser } from "./contracts";
import { DirectoryAccess } from "./directory-access";
import type { UserPatch } from "./directory-lifecycle";
import type { NewUser } from "./directory-people";
import { seedDirectory } from "./directory-seed";
import type {
  AccessPolicy,
  AppRegistration,
  AppSecret,
  DelegatedGrant,
  DirectoryState,
  RefreshTokenRecord,
  TenantInfo,
} from "./directory-types";

export { REFRESH_TOKEN_MAX_INACTIVE_MS, hashToken } from "./directory-access";
export type { NewUser, UserPatch };
export type {
  AccessPolicy,
  AppRegistration,
  AppSecret,
  DelegatedGrant,
  DirectoryState,
  RefreshTokenRecord,
  TenantInfo,
};

/** The admin-side API of the directory (handle.directory); the Graph half sees only `Directory`. */
export interface DirectoryAdmin extends Directory {
  tenant: TenantInfo;
  addUser(input: NewUser): DirectoryUser;
  /** Many users with one state write (tests with thousands of people). */
  addUsers(inputs: NewUser[]): DirectoryUser[];
  /** Rename (displayName, UPN via alias, mail) or set department / jobTitle; the object id stays. */
  updateUser(idOrUpn: string, patch: UserPatch): DirectoryUser;
  setAccountEnabled(idOrUpn: string, enabled: boolean): DirectoryUser;
  /** Into deletedItems (restorable for 30 days); /users/delta says `@removed: changed`. */
  softDeleteUser(idOrUpn: string): DirectoryUser;
  restoreUser(idOrUpn: string): DirectoryUser;
  /** Permanent delete (from deletedItems or live); /users/delta says `@removed: deleted`. Returns the id. */
  purgeUser(idOrUpn: string): string;
  deletedUsers(): DirectoryUser[];
  /** Live or soft-deleted user by id, UPN or mail. */
  findAnyUser(idOrUpn: string): DirectoryUser | undefined;
  /** /users/delta tokens issued so far answer 400 syncStateNotFound, as after their seven days. */
  expireUsersDeltaTokens(): void;
  /** Page size of /users/delta (default 200, as Graph); runtime only. */
  deltaPageSize: number;
  changeLog(): DirectoryChangeLog;
  addRoom(input: { alias: string; displayName: string; capacity?: number; building?: string }): DirectoryUser;
  apps(): AppRegistration[];
  app(clientId: string): AppRegistration | undefined;
  addApp(input: {
    displayName: string;
    redirectUris?: string[];
    applicationPermissions?: string[];
    adminConsent?: boolean;
  }): { app: AppRegistration; secretValue: string };
  /** New client secret; the value is returned once (it is also readable in-process via app()). */
  addSecret(clientId: string, opts?: { displayName?: string; endDateTime?: Date }): AppSecret;
  removeSecret(clientId: string, keyId: string): void;
  /** Make one secret (or all when keyId is omitted) expired as of a second ago. */
  expireSecret(clientId: string, keyId?: string): void;
  addRedirectUri(clientId: string, uri: string): void;
  removeRedirectUri(clientId: string, uri: string): void;
  setApplicationPermissions(clientId: string, permissions: string[]): void;
  grantAdminConsent(clientId: string): void;
  revokeAdminConsent(clientId: string): void;
  /** Delegated consent of one user (oauth2PermissionGrant, consentType Principal). */
  grantDelegated(clientId: string, userId: string, scopes: string[]): void;
  revokeDelegated(clientId: string, userId: string): void;
  delegatedScopesGranted(clientId: string, userId: string): string[];
  /** revokeSignInSessions: every refresh token of the user issued before now stops working. */
  revokeRefreshTokens(userIdOrUpn: string): number;
  /**
   * Graph refuses every access token issued so far as expired, as if their hour had passed while
   * the app still holds them (its cache says valid, so it learns from the 401). Tokens issued from
   * the returned instant (the next whole second: tokens carry seconds) work again.
   */
  expireAccessTokens(): Date;
  /** Pretend refresh tokens sat unused for `days` (default 91): simulates the 90-day idle expiry. */
  ageRefreshTokens(days?: number, filter?: { userId?: string; clientId?: string }): number;
  /** New-ApplicationAccessPolicy; null removes the app's policy. */
  setAccessPolicy(
    appId: string,
    policy: {
      accessRight: AccessPolicy["accessRight"];
      mailboxes: string[];
      groupName?: string;
      description?: string;
    } | null,
  ): void;
  accessPolicies(): AccessPolicy[];
  /** State without secret values or token hashes, for the control API and pages. */
  snapshot(): object;
}

/** Internal operations the token endpoint uses. */
export interface DirectoryInternals extends DirectoryAdmin {
  state: DirectoryState;
  saveRefreshToken(rec: Omit<RefreshTokenRecord, "hash">, token: string): void;
  findRefreshToken(token: string): RefreshTokenRecord | undefined;
  deleteRefreshToken(hash: string): void;
  refreshTokensValidFrom(userId: string): string | undefined;
  persist(): void;
}

export function createDirectory(opts: { seed: "demo" | "minimal"; redirectUris: string[]; stateFile?: string }): {
  directory: DirectoryInternals;
  seededSecret?: string;
} {
  let state: DirectoryState | undefined;
  let seededSecret: string | undefined;
  if (opts.stateFile && fs.existsSync(opts.stateFile)) {
    state = JSON.parse(fs.readFileSync(opts.stateFile, "utf8")) as DirectoryState;
  }
  if (!state) {
    const seeded = seedDirectory(opts.seed, opts.redirectUris);
    state = seeded.state;
    seededSecret = seeded.secretValue;
  }
  const directory = new SandboxDirectory(state, opts.stateFile);
  // Redirect URIs from options are always present on the seeded app (the app's own may change).
  const main = state.apps[0];
  if (main) for (const uri of opts.redirectUris) if (!main.redirectUris.includes(uri)) main.redirectUris.push(uri);
  directory.persist();
  // After a restart, report the newest secret that still works (the admin may have rotated it).
  const live = main?.secrets.filter((x) => new Date(x.endDateTime).getTime() > Date.now()).at(-1);
  return { directory, seededSecret: seededSecret ?? live?.value ?? main?.secrets.at(-1)?.value };
}

class SandboxDirectory extends DirectoryAccess implements DirectoryInternals {
  snapshot(): object {
    const now = Date.now();
    return {
      tenant: this.tenant,
      users: this.state.users,
      usersDelta: {
        pageSize: this.deltaPageSize,
        tokensValidFrom: this.state.changes?.deltaTokensValidFrom ?? null,
      },
      apps: this.state.apps.map((a) => ({
        ...a,
        secrets: a.secrets.map(({ value: _value, ...s }) => ({
          ...s,
          expired: new Date(s.endDateTime).getTime() <= now,
        })),
      })),
      delegatedGrants: this.state.delegatedGrants,
      refreshTokens: this.state.refreshTokens.map(({ hash: _hash, ...r }) => r),
      accessPolicies: this.state.accessPolicies,
      refreshTokensValidFrom: this.state.refreshTokensValidFrom,
    };
  }
}
