// The directory's access controls: refresh tokens (stored hashed, revoked per user, aged for the
// 90-day idle expiry), the instant before which Graph refuses access tokens, and application access
// policies (New-ApplicationAccessPolicy) that scope an app to some mailboxes.
import crypto from "node:crypto";
import type { AccessPolicy, RefreshTokenRecord } from "./directory-types";
import { DirectoryApps } from "./directory-apps";
import { DAY } from "./directory-people";

/** Refresh tokens die after 90 days without use (MaxInactiveTime). */
export const REFRESH_TOKEN_MAX_INACTIVE_MS = 90 * DAY;

export function hashToken(token: string): string {
  return crypto.createHash("sha256").update(token).digest("base64url");
}

export class DirectoryAccess extends DirectoryApps {
  appMayAccessMailbox(appId: string, mailboxUserId: string): boolean {
    // https://learn.microsoft.com/graph/auth-limit-mailbox-access : RestrictAccess allows only
    // the group's mailboxes, DenyAccess blocks only them; no policy = every mailbox.
    const policy = this.state.accessPolicies.find((p) => p.appId === appId);
    if (!policy) return true;
    const member = policy.mailboxIds.includes(mailboxUserId);
    return policy.accessRight === "RestrictAccess" ? member : !member;
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
}
