// JSON control API under /_sandbox/api/ for tests, scripts and the sandbox UI: flip the tenant's
// identity-side faults at run time (revoked sessions, expired secrets, consent, access policies).
import { z } from "zod";
import type { SandboxRequest, SandboxResponse } from "../contracts";
import type { DirectoryAdmin } from "../directory";

const json = (status: number, body: unknown): SandboxResponse => ({
  status,
  headers: { "content-type": "application/json; charset=utf-8", "cache-control": "no-store" },
  body: body as object,
});
const fail = (status: number, code: string, message: string) => json(status, { error: { code, message } });

const schemas = {
  user: z.object({
    alias: z.string().regex(/^[a-z0-9._-]+$/i),
    displayName: z.string().min(1),
    timeZone: z.string().optional(),
    mailbox: z.boolean().optional(),
    accountEnabled: z.boolean().optional(),
    department: z.string().nullable().optional(),
    jobTitle: z.string().nullable().optional(),
  }),
  userPatch: z
    .object({
      displayName: z.string().min(1).optional(),
      alias: z
        .string()
        .regex(/^[a-z0-9._-]+$/i)
        .optional(),
      mail: z.string().email().optional(),
      department: z.string().nullable().optional(),
      jobTitle: z.string().nullable().optional(),
      accountEnabled: z.boolean().optional(),
    })
    .strict(),
  pageSize: z.object({ size: z.number().int().min(1).max(999) }),
  room: z.object({
    alias: z.string().regex(/^[a-z0-9._-]+$/i),
    displayName: z.string().min(1),
    capacity: z.number().int().positive().optional(),
    building: z.string().optional(),
  }),
  roomPatch: z
    .object({
      autoAccept: z.boolean().optional(),
      addOrganizerToSubject: z.boolean().optional(),
      deleteSubject: z.boolean().optional(),
      capacity: z.number().int().positive().optional(),
      // Set-CalendarProcessing's other switches (ranges as the cmdlet documents them).
      processing: z
        .object({
          automateProcessing: z.enum(["AutoAccept", "AutoUpdate", "None"]).optional(),
          bookingWindowInDays: z.number().int().min(0).max(1080).optional(),
          enforceSchedulingHorizon: z.boolean().optional(),
          maximumDurationInMinutes: z.number().int().min(0).max(2147483647).optional(),
          allowConflicts: z.boolean().optional(),
          allowRecurringMeetings: z.boolean().optional(),
          deleteComments: z.boolean().optional(),
          removePrivateProperty: z.boolean().optional(),
          removeCanceledMeetings: z.boolean().optional(),
        })
        .strict()
        .optional(),
    })
    .strict(),
  age: z.object({
    days: z.number().positive().optional(),
    userId: z.string().optional(),
    clientId: z.string().optional(),
  }),
  app: z.object({
    displayName: z.string().min(1),
    redirectUris: z.array(z.string().url()).optional(),
    applicationPermissions: z.array(z.string()).optional(),
    adminConsent: z.boolean().optional(),
  }),
  secret: z.object({
    displayName: z.string().optional(),
    endDateTime: z.string().datetime({ offset: true }).optional(),
  }),
  uri: z.object({ uri: z.string().url() }),
  perms: z.object({ permissions: z.array(z.string()) }),
  policy: z.object({
    accessRight: z.enum(["RestrictAccess", "DenyAccess"]),
    mailboxes: z.array(z.string()).min(1),
    groupName: z.string().optional(),
    description: z.string().optional(),
  }),
};

export function handleAdminApi(dir: DirectoryAdmin, req: SandboxRequest): SandboxResponse {
  const parts = req.url.pathname.split("/").filter(Boolean).slice(2).map(decodeURIComponent); // after _sandbox/api
  const m = req.method;
  if (m !== "GET") {
    // JSON only: a browser cannot send it cross-origin without a preflight, so no CSRF from web pages.
    if (!(req.headers["content-type"] ?? "").startsWith("application/json"))
      return fail(415, "UnsupportedMediaType", "Send Content-Type: application/json.");
  }
  let body: unknown = {};
  try {
    body = req.body.length ? JSON.parse(req.body.toString("utf8")) : {};
  } catch {
    return fail(400, "BadRequest", "Body is not valid JSON.");
  }
  const parse = <T>(schema: z.ZodType<T>): T => {
    const r = schema.safeParse(body);
    if (!r.success)
      throw new ApiError(400, "BadRequest", r.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; "));
    return r.data;
  };
  try {
    const [a, b, c, d, e] = parts;
    if (m === "GET" && a === "state" && !b) return json(200, dir.snapshot());
    if (m === "POST" && a === "users" && !b) return json(201, dir.addUser(parse(schemas.user)));
    if (a === "users" && b) {
      const r = userRoute(dir, m, b, c, () => parse(schemas.userPatch));
      if (r) return r;
    }
    if (m === "POST" && a === "users-bulk" && !b)
      return json(201, { value: dir.addUsers(parse(z.object({ users: z.array(schemas.user).max(20_000) })).users) });
    if (m === "GET" && a === "deleted-users" && !b) return json(200, { value: dir.deletedUsers() });
    if (m === "PUT" && a === "users-delta" && b === "page-size" && !c) {
      dir.deltaPageSize = parse(schemas.pageSize).size;
      return json(200, { pageSize: dir.deltaPageSize });
    }
    if (m === "POST" && a === "users-delta" && b === "expire-tokens" && !c) {
      dir.expireUsersDeltaTokens();
      return json(200, { expired: true });
    }
    if (m === "POST" && a === "users" && b && c === "revoke-sign-in-sessions")
      return json(200, { value: true, refreshTokens: dir.revokeRefreshTokens(b) });
    if (m === "POST" && a === "rooms" && !b) return json(201, dir.addRoom(parse(schemas.room)));
    if (m === "PATCH" && a === "rooms" && b && !c) {
      const room = dir.findUser(b);
      if (!room) return notFound(b);
      dir.updateRoom(room.id, parse(schemas.roomPatch));
      return json(200, dir.findUser(b));
    }
    if (m === "POST" && a === "access-tokens" && b === "expire" && !c)
      return json(200, { validFrom: dir.expireAccessTokens().toISOString() });
    if (m === "POST" && a === "refresh-tokens" && b === "age") {
      const p = parse(schemas.age);
      return json(200, { aged: dir.ageRefreshTokens(p.days, p) });
    }
    if (m === "POST" && a === "apps" && !b) {
      const r = dir.addApp(parse(schemas.app));
      return json(201, { clientId: r.app.clientId, secretText: r.secretValue });
    }
    if (a !== "apps" || !b) return fail(404, "NotFound", `No control API route ${m} ${req.url.pathname}`);
    const app = dir.app(b);
    if (!app) return notFound(b);
    if (m === "GET" && !c)
      return json(
        200,
        (dir.snapshot() as { apps: { clientId: string }[] }).apps.find((x) => x.clientId === app.clientId),
      );
    if (c === "secrets") {
      if (m === "POST" && !d) {
        const p = parse(schemas.secret);
        const s = dir.addSecret(app.clientId, {
          displayName: p.displayName,
          endDateTime: p.endDateTime ? new Date(p.endDateTime) : undefined,
        });
        return json(201, { keyId: s.keyId, hint: s.hint, secretText: s.value, endDateTime: s.endDateTime });
      }
      if (m === "POST" && d === "expire" && !e) {
        dir.expireSecret(app.clientId);
        return json(200, { expired: app.secrets.length });
      }
      if (m === "POST" && d && e === "expire") {
        dir.expireSecret(app.clientId, d);
        return json(200, { expired: d });
      }
      if (m === "DELETE" && d) {
        dir.removeSecret(app.clientId, d);
        return { status: 204 };
      }
    }
    if (c === "redirect-uris" && (m === "POST" || m === "DELETE")) {
      const { uri } = parse(schemas.uri);
      if (m === "POST") dir.addRedirectUri(app.clientId, uri);
      else dir.removeRedirectUri(app.clientId, uri);
      return json(200, { redirectUris: app.redirectUris });
    }
    if (c === "admin-consent" && m === "POST") {
      dir.grantAdminConsent(app.clientId);
      return json(200, app.adminConsent);
    }
    if (c === "admin-consent" && m === "DELETE") {
      dir.revokeAdminConsent(app.clientId);
      return json(200, app.adminConsent);
    }
    if (c === "application-permissions" && m === "PUT") {
      dir.setApplicationPermissions(app.clientId, parse(schemas.perms).permissions);
      return json(200, { applicationPermissions: app.applicationPermissions, adminConsent: app.adminConsent });
    }
    if (c === "access-policy" && m === "PUT") {
      dir.setAccessPolicy(app.clientId, parse(schemas.policy));
      return json(
        200,
        dir.accessPolicies().find((p) => p.appId === app.clientId),
      );
    }
    if (c === "access-policy" && m === "DELETE") {
      dir.setAccessPolicy(app.clientId, null);
      return { status: 204 };
    }
    if (c === "grants" && d && m === "DELETE") {
      dir.revokeDelegated(app.clientId, d);
      return { status: 204 };
    }
    return fail(404, "NotFound", `No control API route ${m} ${req.url.pathname}`);
  } catch (err) {
    if (err instanceof ApiError) return fail(err.status, err.code, err.message);
    // Directory operations throw plain Errors for unknown ids or duplicates: the caller's mistake.
    return fail(400, "BadRequest", (err as Error).message);
  }
}

/** users/{id or upn}[/action]: the user lifecycle an Entra admin drives; undefined = no such route. */
function userRoute(
  dir: DirectoryAdmin,
  m: string,
  id: string,
  action: string | undefined,
  patch: () => z.infer<typeof schemas.userPatch>,
): SandboxResponse | undefined {
  if (!dir.findAnyUser(id)) return notFound(id);
  if (m === "GET" && !action) return json(200, dir.findAnyUser(id));
  if (m === "PATCH" && !action) {
    const { accountEnabled, ...rest } = patch();
    let u = dir.updateUser(id, rest);
    if (accountEnabled !== undefined) u = dir.setAccountEnabled(u.id, accountEnabled);
    return json(200, u);
  }
  if (m === "POST" && action === "disable") return json(200, dir.setAccountEnabled(id, false));
  if (m === "POST" && action === "enable") return json(200, dir.setAccountEnabled(id, true));
  if (m === "DELETE" && !action) return json(200, dir.softDeleteUser(id));
  if (m === "POST" && action === "restore") return json(200, dir.restoreUser(id));
  if (m === "DELETE" && action === "permanent") return json(200, { id: dir.purgeUser(id), deleted: true });
  return undefined;
}

class ApiError extends Error {
  constructor(
    public status: number,
    public code: string,
    message: string,
  ) {
    super(message);
  }
}

function notFound(id: string) {
  return fail(404, "NotFound", `Nothing in the sandbox directory is called '${id}'.`);
}
