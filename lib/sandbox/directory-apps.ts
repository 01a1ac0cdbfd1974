// The directory's app registrations: secrets (added, expired, removed), redirect URIs, configured
// application permissions, tenant-wide admin consent and per-user delegated consent (oauth2PermissionGrant).
import crypto from "node:crypto";
import { DirectoryLifecycle } from "./directory-lifecycle";
import { DAY } from "./directory-people";
import { newSecret } from "./directory-seed";
import type { AppRegistration, AppSecret } from "./directory-types";

export class DirectoryApps extends DirectoryLifecycle {
  apps(): AppRegistration[] {
    return this.state.apps;
  }

  app(clientId: string): AppRegistration | undefined {
    const key = clientId.toLowerCase();
    return this.state.apps.find((a) => a.clientId === key);
  }

  protected mustApp(clientId: string): AppRegistration {
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
}
