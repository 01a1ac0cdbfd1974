// The directory's base layer: the tenant's persisted state (written atomically to the state file),
// and its people: users and room mailboxes, looked up by id, UPN or mail, added and (rooms) re-configured.
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import type { DirectoryUser } from "./contracts";
import { roomUser } from "./directory-seed";
import type { DirectoryState } from "./directory-types";

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
}
