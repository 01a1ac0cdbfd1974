// Shared shapes between the sandbox's identity half (server, directory, tokens) and its Graph half
// (events, subscriptions, delta, $batch). Nothing outside lib/sandbox imports this.
import type { Logger } from "@/lib/log";

/** A parsed HTTP request as the sandbox router hands it to a route. */
export interface SandboxRequest {
  method: string;
  url: URL; // absolute, with the scheme the client used (https back channel, http pages)
  headers: Record<string, string>; // lower-cased names
  body: Buffer;
  secure: boolean;
}

export interface SandboxResponse {
  status: number;
  headers?: Record<string, string>;
  /** object -> JSON (application/json; odata.metadata=minimal for Graph), string/Buffer as is. */
  body?: string | Buffer | object;
}

/** A user or room mailbox in the tenant directory. Rooms are users with kind "room". */
export interface DirectoryUser {
  id: string; // object id (GUID), also the `oid` claim for users
  userPrincipalName: string;
  mail: string;
  displayName: string;
  kind: "user" | "room";
  /** Rooms: capacity, building, and Exchange calendar processing flags. */
  capacity?: number;
  building?: string;
  /** Set-CalendarProcessing -AutomateProcessing AutoAccept (default true for rooms). */
  autoAccept?: boolean;
  /** -AddOrganizerToSubject (default true, as in Exchange). */
  addOrganizerToSubject?: boolean;
  /** -DeleteSubject (default true, as in Exchange). */
  deleteSubject?: boolean;
  /** Rooms: the other Set-CalendarProcessing settings; unset ones take Exchange's defaults (graph/calendar-processing.ts). */
  processing?: CalendarProcessingSettings;
  /** IANA time zone of the mailbox (mailboxSettings.timeZone is reported as its Windows name). */
  timeZone: string;
  /** Entra accountEnabled; undefined = true. A disabled user cannot sign in (AADSTS50057). */
  accountEnabled?: boolean;
  department?: string | null;
  jobTitle?: string | null;
  /** Soft-deleted (in deletedItems, restorable for 30 days): gone from every read but the control API. */
  deletedDateTime?: string;
  /** When the directory object was created (ISO); older state files lack it. */
  createdDateTime?: string;
}

/** A user without an Exchange Online mailbox (no licence): `mail` is "" in the model, null in Graph. */
export function hasMailbox(u: DirectoryUser): boolean {
  return u.mail !== "";
}

/** One user as the directory's change log sees it: when it (re)appeared and when each field last changed. */
export interface TrackedUser {
  user: DirectoryUser;
  /** Change number at which the user was created or restored (a full representation is due after it). */
  appearedSeq: number;
  /** Model field name -> change number of its last change. */
  fieldSeq: Record<string, number>;
  /** Change number of the soft delete, while soft-deleted. */
  removedSeq?: number;
}

/** What /users/delta reads: every live and soft-deleted user with change numbers, and permanent deletions. */
export interface DirectoryChangeLog {
  seq: number;
  users: TrackedUser[];
  /** Permanently deleted users (reported as @removed deleted), with the change number of the deletion. */
  purged: { id: string; seq: number }[];
  /** Secret for sealing delta tokens (opaque to clients). */
  tokenKey: string;
  /** Delta tokens issued before this instant answer syncStateNotFound (the control API's expiry). */
  deltaTokensValidFrom?: string;
  /** Page size of /users/delta (Graph: 200; tests may lower it). */
  deltaPageSize: number;
}

/** Set-CalendarProcessing parameters the sandbox models (https://learn.microsoft.com/powershell/module/exchange/set-calendarprocessing). */
export interface CalendarProcessingSettings {
  automateProcessing?: "AutoAccept" | "AutoUpdate" | "None";
  bookingWindowInDays?: number;
  enforceSchedulingHorizon?: boolean;
  maximumDurationInMinutes?: number;
  allowConflicts?: boolean;
  allowRecurringMeetings?: boolean;
  deleteComments?: boolean;
  removePrivateProperty?: boolean;
  removeCanceledMeetings?: boolean;
}

/** Who is calling Graph, from a verified access token. */
export interface GraphCaller {
  kind: "delegated" | "application";
  tenantId: string;
  appId: string;
  /** Delegated: the signed-in user's object id. */
  userId?: string;
  /** Delegated `scp` claim, split. */
  scopes: string[];
  /** Application `roles` claim (empty without admin consent). */
  roles: string[];
}

/** The read side of the directory the Graph half needs. Implemented by the identity half. */
export interface Directory {
  tenantId: string;
  users(): DirectoryUser[];
  /** By object id or UPN / mail (case-insensitive). */
  findUser(idOrUpn: string): DirectoryUser | undefined;
  /** Users with their change numbers, for /users/delta (optional: stand-in directories in tests lack it). */
  changeLog?(): DirectoryChangeLog;
  /** Application access policy (New-ApplicationAccessPolicy RestrictAccess/DenyAccess) check. */
  appMayAccessMailbox(appId: string, mailboxUserId: string): boolean;
  updateRoom(
    id: string,
    patch: Partial<
      Pick<DirectoryUser, "autoAccept" | "addOrganizerToSubject" | "deleteSubject" | "capacity" | "processing">
    >,
  ): void;
}

/** What a route module needs from the running sandbox. */
export interface SandboxContext {
  directory: Directory;
  /** Scaled clock: tests run delivery retries and lifecycle timers fast. */
  timeScale: number;
  log: Logger;
  /** Verify a bearer token from the Authorization header; undefined when missing/invalid. */
  verifyAccessToken(authorization: string | undefined): Promise<GraphCaller | { error: string; description: string }>;
}

/** The Graph half, created once per running sandbox (lib/sandbox/graph/index.ts). */
export interface GraphService {
  /** Every request whose path starts with /v1.0/ (including /v1.0/$batch). */
  handle(req: SandboxRequest): Promise<SandboxResponse>;
  /** The person-facing "act as an Outlook user" UI under /ui/ (plain http); undefined = not mine. */
  ui(req: SandboxRequest): SandboxResponse | undefined;
  /** Seed a week of demo meetings once the directory is seeded. */
  seedDemo(): void;
  /** Persist (demo mode) and stop timers and deliveries. */
  close(): Promise<void>;
}

export type CreateGraphService = (ctx: SandboxContext, opts: { stateFile?: string }) => GraphService;
