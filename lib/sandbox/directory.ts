// The sandbox tenant's directory: users, room mailboxes, app registrations, consent, refresh tokens
// and application access policies, with the admin-side operations tests and the UI flip at run time.
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import type { Directory, DirectoryUser } from "./contracts";
import { newSecret, roomUser, seedDirectory } from "./directory-seed";
import type {
  AccessPolicy,
  AppRegistration,
  AppSecret,
  DelegatedGrant,
  DirectoryState,
  RefreshTokenRecord,
  TenantInfo,
} from "./directory-types";

export type {
  AccessPolicy,
  AppRegistration,
  AppSecret,
  DelegatedGrant,
  DirectoryState,
  RefreshTokenRecord,
  TenantInfo,
};

const DAY = 86_400_000;
/** Refresh tokens die after 90 days without use (MaxInactiveTime). */
export const REFRESH_TOKEN_MAX_INACTIVE_MS = 90 * DAY;

/** The admin-side API of the directory (handle.directory); the Graph half sees only `Directory`. */
export interface DirectoryAdmin extends Directory {
  tenant: TenantInfo;
  addUser(input: { alias: string; displayName: string; timeZone?: string }): DirectoryUser;
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

export function hashToken(token: string): string {
  return crypto.createHash("sha256").update(token).digest("base64url");
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

class SandboxDirectory implements DirectoryInternals {
  constructor(
    public state: DirectoryState,
    private stateFile?: string,
  ) {}

  get tenantId() {
    return this.state.tenant.id;
  }
  get tenant() {
    return this.state.tenant;
  }

  persist(): void {
    if (!this.stateFile) return;
    fs.mkdirSync(path.dirname(this.stateFile), { recursive: true });
    const tmp = `${this.stateFile}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, JSON.stringify(this.state, null, 2), { mode: 0o600 });
    fs.renameSync(tmp, this.stateFile);
  }

  users(): DirectoryUser[] {
    return this.state.users;
  }

  findUser(idOrUpn: string): DirectoryUser | undefined {
    const key = idOrUpn.toLowerCase();
    return this.state.users.find(
      (u) => u.id === key || u.userPrincipalName.toLowerCase() === key || u.mail.toLowerCase() === key,
    );
  }

  private mustUser(idOrUpn: string): DirectoryUser {
    const u = this.findUser(idOrUpn);
    if (!u) throw new Error(`sandbox: no user or room '${idOrUpn}'`);
    return u;
  }

  appMayAccessMailbox(appId: string, mailboxUserId: string): boolean {
    // https://learn.microsoft.com/graph/auth-limit-mailbox-access : RestrictAccess allows only
    // the group's mailboxes, DenyAccess blocks only them; no policy = every mailbox.
    const policy = this.state.accessPolicies.find((p) => p.appId === appId);
    if (!policy) return true;
    const member = policy.mailboxIds.includes(mailboxUserId);
    return policy.accessRight === "RestrictAccess" ? member : !member;
  }

  updateRoom(
    id: string,
    patch: Partial<
      Pick<DirectoryUser, "autoAccept" | "addOrganizerToSubject" | "deleteSubject" | "capacity" | "processing">
    >,
  ): void {
    const room = this.mustUser(id);
    if (room.kind !== "room") throw new Error(`sandbox: '${id}' is not a room mailbox`);
    const { processing, ...flat } = patch;
    Object.assign(room, flat);
    if (processing) room.processing = { ...room.processing, ...processing };
    // autoAccept is AutomateProcessing AutoAccept; off means AutoUpdate (tentative, a delegate answers). Keep both in step.
    if (processing?.automateProcessing) room.autoAccept = processing.automateProcessing === "AutoAccept";
    else if (flat.autoAccept !== undefined)
      room.processing = { ...room.processing, automateProcessing: flat.autoAccept ? "AutoAccept" : "AutoUpdate" };
    this.persist();
  }

  addUser(input: { alias: string; displayName: string; timeZone?: string }): DirectoryUser {
    const upn = `${input.alias}@${this.tenant.domain}`;
    if (this.findUser(upn)) throw new Error(`sandbox: '${upn}' exists`);
    const u: DirectoryUser = {
      id: crypto.randomUUID(),
      userPrincipalName: upn,
      mail: upn,
      displayName: input.displayName,
      kind: "user",
      timeZone: input.timeZone ?? "Europe/London",
    };
    this.state.users.push(u);
    this.persist();
    return u;
  }

  addRoom(input: { alias: string; displayName: string; capacity?: number; building?: string }): DirectoryUser {
    if (this.findUser(`${input.alias}@${this.tenant.domain}`)) throw new Error(`sandbox: '${input.alias}' exists`);
    const r = roomUser(crypto.randomUUID(), this.tenant.domain, {
      alias: input.alias,
      name: input.displayName,
      capacity: input.capacity ?? 4,
      building: input.building ?? "Main",
    });
    this.state.users.push(r);
    this.persist();
    return r;
  }

  apps(): AppRegistration[] {
    return this.state.apps;
  }

  app(clientId: string): AppRegistration | undefined {
    const key = clientId.toLowerCase();
    return this.state.apps.find((a) => a.clientId === key);
  }

  private mustApp(clientId: string): AppRegistration {
    const a = this.app(clientId);
    if (!a) throw new Error(`sandbox: no app registration '${clientId}'`);
    return a;
  }

  addApp(input: {
    displayName: string;
    redirectUris?: string[];
    applicationPermissions?: string[];
    adminConsent?: boolean;
  }) {
    const secret = newSecret("default", new Date(Date.now() + 180 * DAY));
    const perms = input.applicationPermissions ?? ["Calendars.ReadWrite"];
    const app: AppRegistration = {
      clientId: crypto.randomUUID(),
      objectId: crypto.randomUUID(),
      servicePrincipalId: crypto.randomUUID(),
      displayName: input.displayName,
      redirectUris: input.redirectUris ?? [],
      secrets: [secret],
      delegatedScopes: ["openid", "profile", "offline_access", "User.Read", "Calendars.ReadWrite"],
      applicationPermissions: perms,
      adminConsent: input.adminConsent
        ? { granted: true, roles: [...perms], grantedAt: new Date().toISOString() }
        : { granted: false, roles: [] },
    };
    this.state.apps.push(app);
    this.persist();
    return { app, secretValue: secret.value };
  }

  addSecret(clientId: string, opts: { displayName?: string; endDateTime?: Date } = {}): AppSecret {
    const secret = newSecret(opts.displayName ?? "secret", opts.endDateTime ?? new Date(Date.now() + 180 * DAY));
    this.mustApp(clientId).secrets.push(secret);
    this.persist();
    return secret;
  }

  removeSecret(clientId: string, keyId: string): void {
    const app = this.mustApp(clientId);
    app.secrets = app.secrets.filter((s) => s.keyId !== keyId);
    this.persist();
  }

  expireSecret(clientId: string, keyId?: string): void {
    const past = new Date(Date.now() - 1000).toISOString();
    for (const s of this.mustApp(clientId).secrets) if (!keyId || s.keyId === keyId) s.endDateTime = past;
    this.persist();
  }

  addRedirectUri(clientId: string, uri: string): void {
    const app = this.mustApp(clientId);
    new URL(uri); // must be absolute
    if (!app.redirectUris.includes(uri)) app.redirectUris.push(uri);
    this.persist();
  }

  removeRedirectUri(clientId: string, uri: string): void {
    const app = this.mustApp(clientId);
    app.redirectUris = app.redirectUris.filter((u) => u !== uri);
    this.persist();
  }

  setApplicationPermissions(clientId: string, permissions: string[]): void {
    const app = this.mustApp(clientId);
    app.applicationPermissions = [...new Set(permissions)];
    // Changing configured permissions does not grant them: consent must be given again.
    app.adminConsent.roles = app.adminConsent.roles.filter((r) => app.applicationPermissions.includes(r));
    this.persist();
  }

  grantAdminConsent(clientId: string): void {
    const app = this.mustApp(clientId);
    app.adminConsent = { granted: true, roles: [...app.applicationPermissions], grantedAt: new Date().toISOString() };
    this.persist();
  }

  revokeAdminConsent(clientId: string): void {
    this.mustApp(clientId).adminConsent = { granted: false, roles: [] };
    this.persist();
  }

  grantDelegated(clientId: string, userId: string, scopes: string[]): void {
    const existing = this.state.delegatedGrants.find((g) => g.clientId === clientId && g.userId === userId);
    if (existing) existing.scopes = [...new Set([...existing.scopes, ...scopes])];
    else this.state.delegatedGrants.push({ clientId, userId, scopes: [...new Set(scopes)] });
    this.persist();
  }

  revokeDelegated(clientId: string, userId: string): void {
    this.state.delegatedGrants = this.state.delegatedGrants.filter(
      (g) => !(g.clientId === clientId && g.userId === userId),
    );
    this.persist();
  }

  delegatedScopesGranted(clientId: string, userId: string): string[] {
    return this.state.delegatedGrants
      .filter((g) => g.clientId === clientId && (g.userId === undefined || g.userId === userId))
      .flatMap((g) => g.scopes);
  }

  revokeRefreshTokens(userIdOrUpn: string): number {
    const u = this.mustUser(userIdOrUpn);
    this.state.refreshTokensValidFrom[u.id] = new Date().toISOString();
    // Keep the records: a revoked token must answer AADSTS50173, not "unknown token".
    this.persist();
    return this.state.refreshTokens.filter((r) => r.userId === u.id).length;
  }

  expireAccessTokens(): Date {
    const from = new Date((Math.floor(Date.now() / 1000) + 1) * 1000);
    this.state.accessTokensValidFrom = from.toISOString();
    this.persist();
    return from;
  }

  ageRefreshTokens(days = 91, filter: { userId?: string; clientId?: string } = {}): number {
    let n = 0;
    for (const r of this.state.refreshTokens) {
      if (filter.userId && r.userId !== filter.userId) continue;
      if (filter.clientId && r.clientId !== filter.clientId) continue;
      r.lastUsedAt = new Date(new Date(r.lastUsedAt).getTime() - days * DAY).toISOString();
      r.issuedAt = new Date(new Date(r.issuedAt).getTime() - days * DAY).toISOString();
      n++;
    }
    this.persist();
    return n;
  }

  setAccessPolicy(
    appId: string,
    policy: {
      accessRight: AccessPolicy["accessRight"];
      mailboxes: string[];
      groupName?: string;
      description?: string;
    } | null,
  ): void {
    this.state.accessPolicies = this.state.accessPolicies.filter((p) => p.appId !== appId);
    if (policy) {
      const mailboxIds = policy.mailboxes.map((m) => this.mustUser(m).id);
      this.state.accessPolicies.push({
        appId,
        accessRight: policy.accessRight,
        groupName: policy.groupName ?? `roomlink-${policy.accessRight.toLowerCase()}@${this.tenant.domain}`,
        mailboxIds,
        description: policy.description,
      });
    }
    this.persist();
  }

  accessPolicies(): AccessPolicy[] {
    return this.state.accessPolicies;
  }

  saveRefreshToken(rec: Omit<RefreshTokenRecord, "hash">, token: string): void {
    this.state.refreshTokens.push({ ...rec, hash: hashToken(token) });
    this.persist();
  }

  findRefreshToken(token: string): RefreshTokenRecord | undefined {
    const h = hashToken(token);
    return this.state.refreshTokens.find((r) => r.hash === h);
  }

  deleteRefreshToken(hash: string): void {
    this.state.refreshTokens = this.state.refreshTokens.filter((r) => r.hash !== hash);
    this.persist();
  }

  refreshTokensValidFrom(userId: string): string | undefined {
    return this.state.refreshTokensValidFrom[userId];
  }

  snapshot(): object {
    const now = Date.now();
    return {
      tenant: this.tenant,
      users: this.state.users,
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
