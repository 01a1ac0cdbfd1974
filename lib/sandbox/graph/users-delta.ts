// GET /users/delta (and /users/microsoft.graph.delta): the tenant's users, room mailboxes included
// (rooms are users in Entra), first in full and paged, then only what changed.
// https://learn.microsoft.com/graph/api/user-delta, https://learn.microsoft.com/graph/delta-query-users,
// https://learn.microsoft.com/graph/delta-query-overview
// - $select: only those properties are returned and tracked; a change to another one does not list the user.
// - Later rounds list a changed user with its id and only the properties that changed (Graph promises "at
//   least" those: the app must merge), a new or restored user in full, a soft delete as
//   `@removed: {reason: "changed"}`, a permanent delete as `{reason: "deleted"}`.
// - $filter only `id eq '…'` (or'ed, at most 50); $top is ignored (not supported for users); page size 200
//   (Prefer: odata.maxpagesize may lower it).
// - Tokens are sealed (AES-GCM): opaque to the app, valid seven days; after that, or once expired through
//   the control API, or unreadable: 400 syncStateNotFound.
import crypto from "node:crypto";
import type { DirectoryChangeLog, DirectoryUser, SandboxResponse, TrackedUser } from "@/lib/sandbox/contracts";
import type { Call, Core } from "./core";
import { GraphError, jsonResponse, preferenceApplied } from "./http";
import { userFullJson, userJson } from "./routes-directory";

const TOKEN_LIFETIME_MS = 7 * 86_400_000;
const MAX_FILTER_IDS = 50;
const APP_PERMISSIONS = ["User.Read.All", "User.ReadWrite.All", "Directory.Read.All", "Directory.ReadWrite.All"];
const DELEGATED_PERMISSIONS = [...APP_PERMISSIONS, "Directory.AccessAsUser.All"];

/** Graph properties each tracked model field feeds (directory-people.ts TRACKED_FIELDS). */
const FIELD_PROPS: Record<string, string[]> = {
  displayName: ["displayName", "givenName", "surname"],
  userPrincipalName: ["userPrincipalName", "mailNickname"],
  mail: ["mail", "proxyAddresses"],
  accountEnabled: ["accountEnabled"],
  department: ["department"],
  jobTitle: ["jobTitle"],
  building: ["officeLocation"],
};

interface Token {
  /** tenant */
  t: string;
  /** $select (exact names as the app wrote them), null = default set, all properties tracked */
  sel: string[] | null;
  /** $filter ids, null = everyone */
  ids: string[] | null;
  /** changes after this number are this round's; -1 = the first (full) round */
  q: number;
  /** changes up to this number belong to this round (the log's number when the round started) */
  s: number;
  /** last id of the previous page (pages go in id order) */
  after?: string;
  /** issued at (ms) */
  iat: number;
}

type Entry = { id: string; body: Record<string, unknown> };

const INSUFFICIENT = () =>
  new GraphError(403, "Authorization_RequestDenied", "Insufficient privileges to complete the operation.");
const STALE = () =>
  new GraphError(
    400,
    "syncStateNotFound",
    "The sync state generation is not found. The delta token is expired and data must be synchronized again.",
  );
const UNSUPPORTED = () => new GraphError(400, "Request_UnsupportedQuery", "Unsupported Query.");

function keyOf(log: DirectoryChangeLog): Buffer {
  return crypto.createHash("sha256").update(`users-delta:${log.tokenKey}`).digest();
}

function seal(log: DirectoryChangeLog, t: Token): string {
  const iv = crypto.randomBytes(12);
  const c = crypto.createCipheriv("aes-256-gcm", keyOf(log), iv);
  const body = Buffer.concat([c.update(JSON.stringify(t), "utf8"), c.final()]);
  return Buffer.concat([iv, c.getAuthTag(), body]).toString("base64url");
}

function open(log: DirectoryChangeLog, raw: string, tenantId: string): Token {
  let t: Token;
  try {
    const buf = Buffer.from(raw, "base64url");
    const d = crypto.createDecipheriv("aes-256-gcm", keyOf(log), buf.subarray(0, 12));
    d.setAuthTag(buf.subarray(12, 28));
    t = JSON.parse(Buffer.concat([d.update(buf.subarray(28)), d.final()]).toString("utf8")) as Token;
  } catch {
    throw STALE();
  }
  if (t.t !== tenantId) throw STALE();
  const validFrom = log.deltaTokensValidFrom ? Date.parse(log.deltaTokensValidFrom) : 0;
  if (Date.now() - t.iat > TOKEN_LIFETIME_MS || t.iat < validFrom) throw STALE();
  return t;
}

function requirePermission(call: Call): void {
  const { caller } = call;
  const granted = (caller.kind === "application" ? caller.roles : caller.scopes).map((s) => s.toLowerCase());
  const need = caller.kind === "application" ? APP_PERMISSIONS : DELEGATED_PERMISSIONS;
  if (!need.some((n) => granted.includes(n.toLowerCase()))) throw INSUFFICIENT();
}

function parseSelect(raw: string | null): string[] | null {
  if (raw === null) return null;
  const names = raw
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  const known = Object.keys(
    userFullJson({ id: "", userPrincipalName: "x@y", mail: "", displayName: "", kind: "user", timeZone: "UTC" }),
  );
  for (const n of names)
    if (!known.some((k) => k.toLowerCase() === n.toLowerCase()))
      throw new GraphError(
        400,
        "Request_BadRequest",
        `Could not find a property named '${n}' on type 'microsoft.graph.user'.`,
      );
  return names.length ? names : null;
}

function parseFilter(raw: string | null): string[] | null {
  if (raw === null) return null;
  const ids: string[] = [];
  for (const clause of raw.split(/\s+or\s+/i)) {
    const m = /^\s*id\s+eq\s+'([0-9a-f-]{36})'\s*$/i.exec(clause);
    if (!m?.[1]) throw UNSUPPORTED();
    ids.push(m[1].toLowerCase());
  }
  if (ids.length > MAX_FILTER_IDS) throw UNSUPPORTED();
  return ids;
}

/** The selected properties of a user (id always), in the case Graph uses. */
function pick(u: DirectoryUser, sel: string[] | null, only?: Set<string>): Record<string, unknown> {
  const full = sel ? userFullJson(u) : (userJson(u) as Record<string, unknown>);
  const want = sel ? new Set(sel.map((s) => s.toLowerCase())) : undefined;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(full)) {
    if (k === "id") continue;
    if (want && !want.has(k.toLowerCase())) continue;
    if (only && !only.has(k)) continue;
    out[k] = v;
  }
  out.id = u.id;
  return out;
}

/** This round's entries for one user, or none. */
function entryFor(tu: TrackedUser, t: Token): Entry | undefined {
  const { user } = tu;
  const inRound = (n: number | undefined) => n !== undefined && n > t.q && n <= t.s;
  if (user.deletedDateTime) {
    // In deletedItems: restorable, so "changed". The first round lists it too (Graph may).
    if (t.q < 0 || inRound(tu.removedSeq))
      return { id: user.id, body: { id: user.id, "@removed": { reason: "changed" } } };
    return undefined;
  }
  if (t.q < 0 || inRound(tu.appearedSeq)) {
    // Created after the first round started are next round's, as are those restored after this one started.
    if (t.q < 0 && tu.appearedSeq > t.s) return undefined;
    return { id: user.id, body: pick(user, t.sel) };
  }
  const changed = new Set<string>();
  for (const [field, n] of Object.entries(tu.fieldSeq))
    if (inRound(n)) for (const p of FIELD_PROPS[field] ?? []) changed.add(p);
  if (!changed.size) return undefined;
  const body = pick(user, t.sel, changed);
  // With $select, a change to a property that is not selected does not list the user.
  if (t.sel && Object.keys(body).length === 1) return undefined;
  return { id: user.id, body };
}

/** This round's entries after the cursor, in id order: at most `limit` of them (one more tells "there is a next page"). */
function entries(log: DirectoryChangeLog, t: Token, limit: number): Entry[] {
  type Candidate = { id: string; make: () => Entry | undefined };
  const candidates: Candidate[] = [];
  const wanted = (id: string) => (!t.ids || t.ids.includes(id)) && (t.after === undefined || id > t.after);
  for (const tu of log.users) if (wanted(tu.user.id)) candidates.push({ id: tu.user.id, make: () => entryFor(tu, t) });
  if (t.q >= 0)
    for (const p of log.purged)
      if (p.seq > t.q && p.seq <= t.s && wanted(p.id))
        candidates.push({
          id: p.id,
          make: () => ({ id: p.id, body: { id: p.id, "@removed": { reason: "deleted" } } }),
        });
  candidates.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const out: Entry[] = [];
  for (const c of candidates) {
    if (out.length >= limit) break;
    const e = c.make();
    if (e) out.push(e);
  }
  return out;
}

export function usersDelta(core: Core, call: Call, fqn: boolean): SandboxResponse {
  requirePermission(call);
  const changeLog = core.ctx.directory.changeLog?.bind(core.ctx.directory);
  if (!changeLog) throw new GraphError(501, "NotImplemented", "This operation target is not yet supported.");
  const log = changeLog();
  const sp = call.req.url.searchParams;
  for (const unsupported of ["$orderby", "$expand", "$search", "$count"]) if (sp.has(unsupported)) throw UNSUPPORTED();
  const tenantId = core.ctx.directory.tenantId;
  const skip = sp.get("$skiptoken");
  const delta = sp.get("$deltatoken");
  let t: Token;
  if (skip !== null) t = open(log, skip, tenantId);
  else if (delta !== null && delta.toLowerCase() === "latest")
    // "Sync from now": a delta link and no data.
    t = {
      t: tenantId,
      sel: parseSelect(sp.get("$select")),
      ids: parseFilter(sp.get("$filter")),
      q: log.seq,
      s: log.seq,
      iat: Date.now(),
    };
  else if (delta !== null) {
    const prev = open(log, delta, tenantId);
    t = { ...prev, q: prev.s, s: log.seq, after: undefined, iat: Date.now() };
  } else
    t = {
      t: tenantId,
      sel: parseSelect(sp.get("$select")),
      ids: parseFilter(sp.get("$filter")),
      q: -1,
      s: log.seq,
      iat: Date.now(),
    };

  const size = Math.max(1, Math.min(log.deltaPageSize, call.prefer.maxPageSize ?? log.deltaPageSize));
  const rest = entries(log, t, size + 1);
  const page = rest.slice(0, size);
  const path = `${call.base}/users/${fqn ? "microsoft.graph.delta" : "delta"}`;
  const body: Record<string, unknown> = {
    "@odata.context": `${call.base}/$metadata#users${t.sel ? `(${t.sel.join(",")})` : ""}`,
  };
  const last = page.at(-1);
  if (rest.length > page.length && last) {
    body["@odata.nextLink"] = `${path}?$skiptoken=${seal(log, { ...t, after: last.id, iat: Date.now() })}`;
  } else {
    body["@odata.deltaLink"] = `${path}?$deltatoken=${seal(log, { ...t, q: t.s, after: undefined, iat: Date.now() })}`;
  }
  body.value = page.map((e) => e.body);
  return jsonResponse(call.req, 200, body, preferenceApplied(call.prefer, { pageSize: true }));
}
