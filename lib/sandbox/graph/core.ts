// The Graph half's shared parts (state, store, faults, throttle) and who may touch which mailbox:
// delegated = own mailbox only; application = roles + application access policy.
import type { DirectoryUser, GraphCaller, SandboxContext, SandboxRequest } from "@/lib/sandbox/contracts";
import type { EventStore } from "./events-store";
import type { Faults } from "./faults";
import { GraphError, type Prefer } from "./http";
import type { GraphState } from "./model";
import type { Throttle } from "./throttle";

export interface Core {
  ctx: SandboxContext;
  state: GraphState;
  store: EventStore;
  throttle: Throttle;
  faults: Faults;
  /** Called after any state change (debounced persistence). */
  changed(): void;
}

export interface Call {
  req: SandboxRequest;
  caller: GraphCaller;
  prefer: Prefer;
  /** e.g. https://localhost:4010/v1.0 — used for @odata.context and next/delta links. */
  base: string;
}

export const ACCESS_DENIED = "Access is denied. Check credentials and try again.";
// What Exchange answers when an application access policy excludes the mailbox
// (https://learn.microsoft.com/graph/auth-limit-mailbox-access#handling-api-errors).
export const POLICY_DENIED =
  "Access to OData is disabled: [RAOP] : Blocked by tenant configured AppOnly AccessPolicy settings.";

export function requireDelegated(call: Call): void {
  if (call.caller.kind !== "delegated") {
    throw new GraphError(400, "BadRequest", "/me request is only valid with delegated authentication flow.");
  }
}

export function findUserOr404(core: Core, idOrUpn: string): DirectoryUser {
  const u = core.ctx.directory.findUser(idOrUpn);
  if (!u)
    throw new GraphError(
      404,
      "Request_ResourceNotFound",
      `Resource '${idOrUpn}' does not exist or one of its queried reference-property objects are not present.`,
    );
  return u;
}

/** Resolves `me` / `users/{id|upn}` to a mailbox the caller may use for calendar work. */
export function resolveMailbox(core: Core, call: Call, segment: string, write: boolean): DirectoryUser {
  const { caller } = call;
  let user: DirectoryUser | undefined;
  if (segment === "me") {
    requireDelegated(call);
    user = core.ctx.directory.findUser(caller.userId ?? "");
  } else {
    user = core.ctx.directory.findUser(segment);
  }
  if (!user) throw new GraphError(404, "ErrorInvalidUser", `The requested user '${segment}' is invalid.`);
  // A user without an Exchange Online licence has no mailbox (graph/FIDELITY.md, directory).
  if (!user.mail)
    throw new GraphError(
      404,
      "MailboxNotEnabledForRESTAPI",
      "The mailbox is either inactive, soft-deleted, or is hosted on-premise.",
    );
  checkMailboxAccess(core, caller, user, write);
  return user;
}

export function checkMailboxAccess(core: Core, caller: GraphCaller, user: DirectoryUser, write: boolean): void {
  const need = write ? ["Calendars.ReadWrite"] : ["Calendars.ReadWrite", "Calendars.Read", "Calendars.ReadBasic"];
  const has = (list: string[]) => list.some((s) => need.some((n) => n.toLowerCase() === s.toLowerCase()));
  if (caller.kind === "delegated") {
    if (caller.userId !== user.id) throw new GraphError(403, "ErrorAccessDenied", ACCESS_DENIED);
    if (!has(caller.scopes)) throw new GraphError(403, "ErrorAccessDenied", ACCESS_DENIED);
  } else {
    if (!has(caller.roles)) throw new GraphError(403, "ErrorAccessDenied", ACCESS_DENIED);
    if (!core.ctx.directory.appMayAccessMailbox(caller.appId, user.id))
      throw new GraphError(403, "ErrorAccessDenied", POLICY_DENIED);
  }
  const forced = core.faults.forbiddenMailboxes.map((m) => m.toLowerCase());
  if (
    forced.includes(user.id.toLowerCase()) ||
    forced.includes(user.userPrincipalName.toLowerCase()) ||
    forced.includes(user.mail.toLowerCase())
  ) {
    throw new GraphError(403, "ErrorAccessDenied", POLICY_DENIED);
  }
}

export function mailboxOf(u: DirectoryUser) {
  return { id: u.id, displayName: u.displayName, mail: u.mail };
}
