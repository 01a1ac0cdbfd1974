// /v1.0/subscriptions for Outlook events: validation handshake, create / get / list / renew / delete /
// reauthorize, change notifications from the store, lifecycle events (https://learn.microsoft.com/graph/api/resources/subscription).
import { randomUUID } from "node:crypto";
import type { GraphCaller, SandboxResponse } from "@/lib/sandbox/contracts";
import { type Call, type Core, checkMailboxAccess } from "./core";
import type { Deliverer } from "./delivery";
import { eventId } from "./event-json";
import { GraphError, jsonResponse, parseJsonBody } from "./http";
import type { Subscription } from "./model";

// Outlook resources: at most 4,230 minutes (https://learn.microsoft.com/graph/api/resources/subscription#subscription-lifetime).
export const MAX_MINUTES = 4230;
const VALIDATION_TIMEOUT_MS = 10_000;
const MAX_PER_MAILBOX = 1000;
const CHANGE_TYPES = ["created", "updated", "deleted"];
export type LifecycleEvent = "reauthorizationRequired" | "subscriptionRemoved" | "missed";

function parseResource(core: Core, caller: GraphCaller, resource: unknown) {
  const r = typeof resource === "string" ? resource.replace(/^\/+/, "").replace(/^v1\.0\//i, "") : "";
  const [, target, userSegment] =
    /^(me|users\/([^/]+))\/(events|calendar\/events|calendars\/[^/]+\/events)$/i.exec(r) ?? [];
  if (target === undefined)
    throw new GraphError(
      400,
      "InvalidRequest",
      `Invalid 'resource' value '${String(resource)}': only calendar event collections are supported.`,
    );
  let user;
  if (userSegment === undefined) {
    // me/...
    if (caller.kind !== "delegated")
      throw new GraphError(400, "BadRequest", "/me request is only valid with delegated authentication flow.");
    user = core.ctx.directory.findUser(caller.userId ?? "");
  } else user = core.ctx.directory.findUser(decodeURIComponent(userSegment));
  if (!user) throw new GraphError(404, "ErrorInvalidUser", `The requested user '${userSegment ?? "me"}' is invalid.`);
  return user;
}

function checkExpiry(v: unknown): string {
  const ms = typeof v === "string" ? Date.parse(v) : NaN;
  if (Number.isNaN(ms))
    throw new GraphError(400, "InvalidRequest", "expirationDateTime is a required property for subscription creation.");
  if (ms <= Date.now()) throw new GraphError(400, "InvalidRequest", "Subscription expiration must be in the future.");
  if (ms > Date.now() + MAX_MINUTES * 60_000 + 60_000)
    throw new GraphError(
      400,
      "InvalidRequest",
      `Subscription expiration can only be ${MAX_MINUTES} minutes in the future.`,
    );
  return new Date(ms).toISOString();
}

function checkUrl(v: unknown, name: string): string {
  let u: URL;
  try {
    u = new URL(String(v));
  } catch {
    throw new GraphError(400, "InvalidRequest", `The ${name} must be a valid absolute URL.`);
  }
  // Microsoft requires https; the sandbox also accepts http (local listeners have no certificate).
  if (u.protocol !== "https:" && u.protocol !== "http:")
    throw new GraphError(400, "InvalidRequest", `The ${name} must use the https scheme.`);
  return u.toString();
}

/** The real handshake: POST {url}?validationToken=..., expect 200 + the token as text/plain within 10 s. */
async function validate(deliverer: Deliverer, url: string): Promise<void> {
  const token = `Validation: Testing client application reachability for subscription Request-Id: ${randomUUID()}`;
  const target = new URL(url);
  target.searchParams.set("validationToken", token);
  const started = Date.now();
  let res: Response;
  try {
    res = await fetch(target, {
      method: "POST",
      headers: { "content-type": "text/plain; charset=utf-8" },
      body: "",
      signal: AbortSignal.timeout(VALIDATION_TIMEOUT_MS),
    });
  } catch (err) {
    const timeout = (err as Error).name === "TimeoutError";
    deliverer.recordValidation(url, timeout ? "timeout" : "error", Date.now() - started, false);
    throw new GraphError(
      400,
      "ValidationError",
      timeout
        ? "Subscription validation request timed out."
        : `Subscription validation request failed. Notification endpoint must respond with 200 OK to validation request.`,
    );
  }
  const text = await res.text();
  const ok = res.status === 200 && text === token;
  deliverer.recordValidation(url, res.status, Date.now() - started, ok);
  if (res.status !== 200)
    throw new GraphError(
      400,
      "ValidationError",
      "Subscription validation request failed. Notification endpoint must respond with 200 OK to validation request.",
    );
  if (text !== token)
    throw new GraphError(
      400,
      "ValidationError",
      "Subscription validation request failed. Response must exactly match validationToken query parameter.",
    );
}

export function subscriptionJson(core: Core, call: Call | undefined, s: Subscription) {
  return {
    ...(call ? { "@odata.context": `${call.base}/$metadata#subscriptions/$entity` } : {}),
    id: s.id,
    resource: s.resource,
    applicationId: s.applicationId,
    changeType: s.changeType,
    clientState: s.clientState,
    notificationUrl: s.notificationUrl,
    notificationQueryOptions: null,
    lifecycleNotificationUrl: s.lifecycleNotificationUrl,
    expirationDateTime: s.expirationDateTime,
    creatorId: s.creatorId,
    includeResourceData: null,
    latestSupportedTlsVersion: s.latestSupportedTlsVersion,
    encryptionCertificate: null,
    encryptionCertificateId: null,
    notificationUrlAppId: null,
  };
}

function visible(call: Call, s: Subscription): boolean {
  if (s.applicationId !== call.caller.appId) return false;
  return call.caller.kind === "application" || s.creatorId === call.caller.userId;
}

export async function handleSubscriptions(
  core: Core,
  deliverer: Deliverer,
  call: Call,
  rest: string[],
): Promise<SandboxResponse> {
  const { req, caller } = call;
  const m = req.method.toUpperCase();
  const [id, action, ...beyond] = rest;
  if (id === undefined && m === "GET") {
    const value = Object.values(core.state.subscriptions)
      .filter((s) => visible(call, s))
      .map((s) => subscriptionJson(core, undefined, s));
    return jsonResponse(req, 200, { "@odata.context": `${call.base}/$metadata#subscriptions`, value });
  }
  if (id === undefined && m === "POST") {
    const b = parseJsonBody(req);
    // Edm.String: anything but text is no list of change types.
    const types = (typeof b.changeType === "string" ? b.changeType : "")
      .split(",")
      .map((t) => t.trim())
      .filter(Boolean);
    if (types.length === 0 || types.some((t) => !CHANGE_TYPES.includes(t)))
      throw new GraphError(
        400,
        "InvalidRequest",
        "changeType must be a comma separated list of created, updated and deleted.",
      );
    if (b.notificationUrl === undefined)
      throw new GraphError(400, "InvalidRequest", "notificationUrl is a required property for subscription creation.");
    const notificationUrl = checkUrl(b.notificationUrl, "notificationUrl");
    const lifecycleNotificationUrl = b.lifecycleNotificationUrl
      ? checkUrl(b.lifecycleNotificationUrl, "lifecycleNotificationUrl")
      : null;
    if (
      b.clientState !== undefined &&
      b.clientState !== null &&
      (typeof b.clientState !== "string" || b.clientState.length > 128)
    ) {
      throw new GraphError(400, "InvalidRequest", "clientState cannot be longer than 128 characters.");
    }
    const expirationDateTime = checkExpiry(b.expirationDateTime);
    const user = parseResource(core, caller, b.resource);
    checkMailboxAccess(core, caller, user, false);
    if (Object.values(core.state.subscriptions).filter((s) => s.mailboxId === user.id).length >= MAX_PER_MAILBOX) {
      throw new GraphError(
        403,
        "ExtensionError",
        "Operation: Create; Exception: [Status Code: Forbidden; Reason: The maximum number of subscriptions for this mailbox has been reached.]",
      );
    }
    await validate(deliverer, notificationUrl);
    if (lifecycleNotificationUrl) await validate(deliverer, lifecycleNotificationUrl);
    const s: Subscription = {
      id: randomUUID(),
      resource: String(b.resource),
      mailboxId: user.id,
      changeType: types.join(","),
      notificationUrl,
      lifecycleNotificationUrl,
      clientState: typeof b.clientState === "string" ? b.clientState : null,
      expirationDateTime,
      applicationId: caller.appId,
      creatorId: caller.kind === "delegated" ? (caller.userId ?? "") : caller.appId,
      latestSupportedTlsVersion: typeof b.latestSupportedTlsVersion === "string" ? b.latestSupportedTlsVersion : "v1_2",
      immutableIds: call.prefer.immutableId,
    };
    core.state.subscriptions[s.id] = s;
    core.changed();
    return jsonResponse(req, 201, subscriptionJson(core, call, s));
  }
  const s = id === undefined ? undefined : core.state.subscriptions[id];
  if (!s || !visible(call, s))
    throw new GraphError(
      404,
      "ResourceNotFound",
      `The object was not found. Subscription '${id ?? ""}' does not exist.`,
    );
  if (action === undefined && m === "GET") return jsonResponse(req, 200, subscriptionJson(core, call, s));
  if (action === undefined && m === "DELETE") {
    delete core.state.subscriptions[s.id];
    core.changed();
    return jsonResponse(req, 204, undefined);
  }
  if (action === undefined && m === "PATCH") {
    const b = parseJsonBody(req);
    if (b.lifecycleNotificationUrl !== undefined)
      throw new GraphError(
        400,
        "InvalidRequest",
        "lifecycleNotificationUrl cannot be updated; delete the subscription and create a new one.",
      );
    if (b.expirationDateTime !== undefined) {
      s.expirationDateTime = checkExpiry(b.expirationDateTime);
      s.reauthNotifiedAt = undefined;
    }
    if (b.notificationUrl !== undefined) {
      const url = checkUrl(b.notificationUrl, "notificationUrl");
      await validate(deliverer, url);
      s.notificationUrl = url;
    }
    core.changed();
    return jsonResponse(req, 200, subscriptionJson(core, call, s));
  }
  if (action?.toLowerCase() === "reauthorize" && beyond.length === 0 && m === "POST") {
    const user = core.ctx.directory.findUser(s.mailboxId);
    if (!user) throw new GraphError(404, "ErrorInvalidUser", "The requested user is invalid.");
    checkMailboxAccess(core, caller, user, false);
    s.reauthNotifiedAt = undefined;
    return jsonResponse(req, 204, undefined);
  }
  throw new GraphError(405, "BadRequest", "The OData request is not supported.");
}

/** Turns store changes into change notifications for matching, unexpired subscriptions. */
export function notificationsFor(core: Core, mailboxId: string, changeType: string, ev: Parameters<typeof eventId>[0]) {
  const now = Date.now();
  const out: { url: string; item: Record<string, unknown> }[] = [];
  for (const s of Object.values(core.state.subscriptions)) {
    if (
      s.mailboxId !== mailboxId ||
      Date.parse(s.expirationDateTime) <= now ||
      !s.changeType.split(",").includes(changeType)
    )
      continue;
    const id = eventId(ev, s.immutableIds);
    const resource = `Users/${mailboxId}/Events/${id}`;
    out.push({
      url: s.notificationUrl,
      item: {
        subscriptionId: s.id,
        subscriptionExpirationDateTime: s.expirationDateTime,
        changeType,
        resource,
        resourceData: {
          "@odata.type": "#Microsoft.Graph.Event",
          "@odata.id": resource,
          "@odata.etag": `W/"${ev.changeKey}"`,
          id,
        },
        clientState: s.clientState,
        tenantId: core.ctx.directory.tenantId,
      },
    });
  }
  return out;
}

/** Lifecycle notification payload (https://learn.microsoft.com/graph/change-notifications-lifecycle-events). */
export function lifecycleFor(core: Core, s: Subscription, event: LifecycleEvent) {
  return {
    subscriptionId: s.id,
    subscriptionExpirationDateTime: s.expirationDateTime,
    tenantId: core.ctx.directory.tenantId,
    clientState: s.clientState,
    lifecycleEvent: event,
  };
}
