// The directory's user lifecycle, as an Entra admin drives it: rename (same object id), disable /
// enable (accountEnabled), soft delete into deletedItems (restorable for 30 days), restore, and
// permanent delete; plus the change log /users/delta reads.
// https://learn.microsoft.com/graph/api/resources/directory (deletedItems: 30 days, then permanently deleted)
import type { DirectoryChangeLog, DirectoryUser } from "./contracts";
import { DAY, DirectoryPeople, type TrackedField } from "./directory-people";

/** Entra keeps a deleted user in deletedItems this long, then deletes it permanently. */
export const SOFT_DELETE_RETENTION_MS = 30 * DAY;
/** Directory delta tokens live seven days (https://learn.microsoft.com/graph/delta-query-overview#token-duration). */
export const DIRECTORY_DELTA_TOKEN_MS = 7 * DAY;
/** Observed page size of /users/delta (odata.maxpagesize caps at 200 for users). */
export const USERS_DELTA_PAGE_SIZE = 200;

export interface UserPatch {
  displayName?: string;
  /** New UPN prefix: the UPN becomes alias@domain (the object id stays). */
  alias?: string;
  /** New primary SMTP address (users with a mailbox only). */
  mail?: string;
  department?: string | null;
  jobTitle?: string | null;
}

export class DirectoryLifecycle extends DirectoryPeople {
  /** Page size of /users/delta; tests lower it (runtime only, not persisted). */
  deltaPageSize = USERS_DELTA_PAGE_SIZE;

  protected mustPerson(idOrUpn: string, opts: { deleted?: boolean } = {}): DirectoryUser {
    const u = this.findAnyUser(idOrUpn);
    if (!u) throw new Error(`sandbox: no user '${idOrUpn}'`);
    if (u.kind !== "user") throw new Error(`sandbox: '${idOrUpn}' is a room mailbox, not a person`);
    if (opts.deleted !== undefined && Boolean(u.deletedDateTime) !== opts.deleted)
      throw new Error(`sandbox: '${u.userPrincipalName}' is ${u.deletedDateTime ? "deleted" : "not deleted"}`);
    return u;
  }

  updateUser(idOrUpn: string, patch: UserPatch): DirectoryUser {
    const u = this.mustPerson(idOrUpn, { deleted: false });
    const changed: TrackedField[] = [];
    if (patch.displayName !== undefined && patch.displayName !== u.displayName) {
      if (!patch.displayName.trim()) throw new Error("sandbox: displayName cannot be empty");
      u.displayName = patch.displayName;
      changed.push("displayName");
    }
    if (patch.alias !== undefined) {
      const upn = `${patch.alias}@${this.tenant.domain}`;
      if (upn.toLowerCase() !== u.userPrincipalName.toLowerCase()) {
        const other = this.findAnyUser(upn);
        if (other && other.id !== u.id) throw new Error(`sandbox: '${upn}' exists`);
        u.userPrincipalName = upn;
        changed.push("userPrincipalName");
      }
    }
    if (patch.mail !== undefined && patch.mail.toLowerCase() !== u.mail.toLowerCase()) {
      if (u.mail === "") throw new Error(`sandbox: '${u.userPrincipalName}' has no mailbox to address`);
      if (!/^[^@\s]+@[^@\s]+$/.test(patch.mail)) throw new Error(`sandbox: '${patch.mail}' is not an e-mail address`);
      const other = this.findAnyUser(patch.mail);
      if (other && other.id !== u.id) throw new Error(`sandbox: '${patch.mail}' belongs to another user`);
      u.mail = patch.mail;
      changed.push("mail");
    }
    for (const f of ["department", "jobTitle"] as const) {
      const v = patch[f];
      if (v !== undefined && (v || null) !== (u[f] ?? null)) {
        u[f] = v || null;
        changed.push(f);
      }
    }
    if (changed.length) {
      this.touch(u, changed);
      this.persist();
    }
    return u;
  }

  /** accountEnabled: a disabled user is refused at sign-in and refresh (AADSTS50057). */
  setAccountEnabled(idOrUpn: string, enabled: boolean): DirectoryUser {
    const u = this.mustPerson(idOrUpn, { deleted: false });
    if ((u.accountEnabled ?? true) !== enabled) {
      u.accountEnabled = enabled;
      this.touch(u, ["accountEnabled"]);
      this.persist();
    }
    return u;
  }

  /** DELETE /users/{id}: into deletedItems; /users/delta reports it `@removed: changed`. */
  softDeleteUser(idOrUpn: string): DirectoryUser {
    const u = this.mustPerson(idOrUpn, { deleted: false });
    u.deletedDateTime = new Date().toISOString();
    const c = this.changes();
    const rec = (c.users[u.id] ??= { appeared: 0, fields: {} });
    rec.removed = ++c.seq;
    this.persist();
    return u;
  }

  /** POST /directory/deletedItems/{id}/restore: the same id, shown again in full by /users/delta. */
  restoreUser(idOrUpn: string): DirectoryUser {
    const u = this.mustPerson(idOrUpn, { deleted: true });
    delete u.deletedDateTime;
    this.touch(u, "appeared");
    this.persist();
    return u;
  }

  /** DELETE /directory/deletedItems/{id} (or a live user deleted and purged at once): `@removed: deleted`. */
  purgeUser(idOrUpn: string): string {
    const u = this.mustPerson(idOrUpn);
    this.forget(u.id);
    this.persist();
    return u.id;
  }

  deletedUsers(): DirectoryUser[] {
    this.expireDeleted();
    return this.state.users.filter((u) => u.deletedDateTime);
  }

  /** Delta tokens issued so far answer syncStateNotFound, as after their seven days. */
  expireUsersDeltaTokens(): void {
    this.changes().deltaTokensValidFrom = new Date().toISOString();
    this.persist();
  }

  changeLog(): DirectoryChangeLog {
    this.expireDeleted();
    const c = this.changes();
    const none: { appeared: number; fields: Record<string, number>; removed?: number } = { appeared: 0, fields: {} };
    return {
      seq: c.seq,
      users: this.state.users.map((user) => {
        const r = c.users[user.id] ?? none;
        return { user, appearedSeq: r.appeared, fieldSeq: r.fields, removedSeq: r.removed };
      }),
      purged: c.purged.map(({ id, seq }) => ({ id, seq })),
      tokenKey: c.tokenKey,
      deltaTokensValidFrom: c.deltaTokensValidFrom,
      deltaPageSize: this.deltaPageSize,
    };
  }

  /** Soft-deleted for more than 30 days: gone for good, as Entra purges deletedItems. */
  private expireDeleted(): void {
    const now = Date.now();
    const old = this.state.users.filter(
      (u) => u.deletedDateTime && now - Date.parse(u.deletedDateTime) > SOFT_DELETE_RETENTION_MS,
    );
    for (const u of old) this.forget(u.id);
    const c = this.state.changes;
    // A purge older than any live delta token cannot be asked about any more.
    if (c) c.purged = c.purged.filter((p) => now - Date.parse(p.at) <= DIRECTORY_DELTA_TOKEN_MS + DAY);
    if (old.length) this.persist();
  }

  /** Removes the user and everything that hangs off it (grants, refresh tokens, policy membership). */
  private forget(id: string): void {
    const s = this.state;
    s.users = s.users.filter((u) => u.id !== id);
    s.delegatedGrants = s.delegatedGrants.filter((g) => g.userId !== id);
    s.refreshTokens = s.refreshTokens.filter((r) => r.userId !== id);
    delete s.refreshTokensValidFrom[id];
    for (const p of s.accessPolicies) p.mailboxIds = p.mailboxIds.filter((m) => m !== id);
    const c = this.changes();
    delete c.users[id];
    c.purged.push({ id, seq: ++c.seq, at: new Date().toISOString() });
  }
}
