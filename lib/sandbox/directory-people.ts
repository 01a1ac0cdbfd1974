// The directory's base layer: the tenant's persisted state (written atomically to the state file),
// and its people: users and room mailboxes, looked up by id, UPN or mail, added and (rooms) re-configured.
// Soft-deleted users are invisible to every lookup here (findAnyUser sees them); each change is numbered
// in state.changes for /users/delta.
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import type { DirectoryUser } from "./contracts";
import { roomUser } from "./directory-seed";
import type { DirectoryChanges, DirectoryState } from "./directory-types";

/** Model fields /users/delta tracks (graph/users-delta.ts maps them to Graph properties). */
export const TRACKED_FIELDS = [
  "displayName",
  "userPrincipalName",
  "mail",
  "accountEnabled",
  "department",
  "jobTitle",
  "building",
] as const;
export type TrackedField = (typeof TRACKED_FIELDS)[number];

export const DAY = 86_400_000;

export class DirectoryPeople {
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

  /** Set while addUsers writes many users: one state write at the end. */
  private batching = false;

  persist(): void {
    if (!this.stateFile || this.batching) return;
    fs.mkdirSync(path.dirname(this.stateFile), { recursive: true });
    const tmp = `${this.stateFile}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, JSON.stringify(this.state, null, 2), { mode: 0o600 });
    fs.renameSync(tmp, this.stateFile);
  }

  /** Live users and rooms (soft-deleted ones are in deletedItems, not here). */
  users(): DirectoryUser[] {
    return this.state.users.filter((u) => !u.deletedDateTime);
  }

  findUser(idOrUpn: string): DirectoryUser | undefined {
    const u = this.findAnyUser(idOrUpn);
    return u && !u.deletedDateTime ? u : undefined;
  }

  /** Live or soft-deleted, by id, UPN or mail (a user without a mailbox has no mail to match). */
  findAnyUser(idOrUpn: string): DirectoryUser | undefined {
    const key = idOrUpn.toLowerCase();
    if (!key) return undefined;
    return this.state.users.find(
      (u) =>
        u.id === key || u.userPrincipalName.toLowerCase() === key || (u.mail !== "" && u.mail.toLowerCase() === key),
    );
  }

  /** The change log, created on first use (state files from before it load as "nothing changed yet"). */
  protected changes(): DirectoryChanges {
    this.state.changes ??= { seq: 0, users: {}, purged: [], tokenKey: crypto.randomBytes(32).toString("base64url") };
    return this.state.changes;
  }

  /** Numbers a change: the user's fields (or, with "appeared", the whole user) changed now. */
  protected touch(u: DirectoryUser, what: TrackedField[] | "appeared"): void {
    const c = this.changes();
    const seq = ++c.seq;
    const rec = (c.users[u.id] ??= { appeared: 0, fields: {} });
    if (what === "appeared") {
      rec.appeared = seq;
      delete rec.removed;
    } else for (const f of what) rec.fields[f] = seq;
  }

  protected mustUser(idOrUpn: string): DirectoryUser {
    const u = this.findUser(idOrUpn);
    if (!u) throw new Error(`sandbox: no user or room '${idOrUpn}'`);
    return u;
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
    // Capacity is the room's (places) property, not the user object's: only officeLocation is tracked.
    Object.assign(room, flat);
    if (processing) room.processing = { ...room.processing, ...processing };
    // autoAccept is AutomateProcessing AutoAccept; off means AutoUpdate (tentative, a delegate answers). Keep both in step.
    if (processing?.automateProcessing) room.autoAccept = processing.automateProcessing === "AutoAccept";
    else if (flat.autoAccept !== undefined)
      room.processing = { ...room.processing, automateProcessing: flat.autoAccept ? "AutoAccept" : "AutoUpdate" };
    this.persist();
  }

  addUser(input: NewUser): DirectoryUser {
    const upn = `${input.alias}@${this.tenant.domain}`;
    // A soft-deleted user still holds its UPN (Entra: restore or purge it first).
    if (this.findAnyUser(upn)) throw new Error(`sandbox: '${upn}' exists`);
    return this.insertUser(input, upn);
  }

  private insertUser(input: NewUser, upn: string): DirectoryUser {
    const u: DirectoryUser = {
      id: crypto.randomUUID(),
      userPrincipalName: upn,
      mail: input.mailbox === false ? "" : upn,
      displayName: input.displayName,
      kind: "user",
      timeZone: input.timeZone ?? "Europe/London",
      accountEnabled: input.accountEnabled ?? true,
      department: input.department ?? null,
      jobTitle: input.jobTitle ?? null,
      createdDateTime: new Date().toISOString(),
    };
    this.state.users.push(u);
    this.touch(u, "appeared");
    this.persist();
    return u;
  }

  /** Many users at once (one write of the state file): for tests and scripts that need thousands. */
  addUsers(inputs: NewUser[]): DirectoryUser[] {
    const taken = new Set(
      this.state.users.flatMap((u) => [u.userPrincipalName.toLowerCase(), u.mail.toLowerCase()]).filter(Boolean),
    );
    const out: DirectoryUser[] = [];
    this.batching = true;
    try {
      for (const i of inputs) {
        const upn = `${i.alias}@${this.tenant.domain}`;
        if (taken.has(upn.toLowerCase())) throw new Error(`sandbox: '${upn}' exists`);
        out.push(this.insertUser(i, upn));
        taken.add(upn.toLowerCase());
      }
    } finally {
      this.batching = false;
    }
    this.persist();
    return out;
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
    this.touch(r, "appeared");
    this.persist();
    return r;
  }
}

export interface NewUser {
  alias: string;
  displayName: string;
  timeZone?: string;
  /** false: no Exchange Online mailbox (no licence), so no mail address. */
  mailbox?: boolean;
  accountEnabled?: boolean;
  department?: string | null;
  jobTitle?: string | null;
}
