// The sandbox tenant's Graph v1.0 half: createGraphService wires store, room processing, subscriptions,
// delivery, throttling, faults and persistence, and routes /v1.0/* (and /ui/* to the person-facing UI).
import type { SandboxContext, SandboxRequest, SandboxResponse } from "@/lib/sandbox/contracts";
import { runBatch as batchHandler } from "./batch";
import { type Call, type Core, findUserOr404, requireDelegated, resolveMailbox } from "./core";
import { Deliverer } from "./delivery";
import { EventStore } from "./events-store";
import { defaultFaults, mergeFaults } from "./faults";
import { errorResponse, GraphError, jsonResponse, parsePrefer } from "./http";
import { loadState, Saver } from "./persistence";
import { attachRoomProcessing } from "./room-processing";
import { handleCalendar } from "./routes-events";
import { getUser, listRooms, listUsers, mailboxSettings } from "./routes-directory";
import { usersDelta } from "./users-delta";
import { handleSubscriptions, lifecycleFor, type LifecycleEvent, notificationsFor } from "./subscriptions";
import { seedDemoMeetings } from "./seed-demo";
import { Throttle } from "./throttle";
import type { SandboxGraphService } from "./service";
import { handleUi } from "./ui/router";

export type { Faults } from "./faults";
export type { DeliveryLogEntry } from "./delivery";
export type { SandboxGraphService } from "./service";

// reauthorizationRequired goes out this long before a subscription expires.
const REAUTH_BEFORE_MS = 60 * 60_000;
const SWEEP_EVERY_MS = 60_000;

export const createGraphService = (ctx: SandboxContext, opts: { stateFile?: string }): SandboxGraphService => {
  const log = ctx.log.child({ area: "sandbox-graph" });
  const state = loadState(opts.stateFile, log);
  const saver = new Saver(opts.stateFile, () => state, log);
  const store = new EventStore(state, ctx.directory.tenantId);
  const core: Core = {
    ctx,
    state,
    store,
    throttle: new Throttle(),
    faults: defaultFaults(),
    changed: () => saver.changed(),
  };
  // Notifications given up on are announced with a `missed` lifecycle event, as Graph does, so the
  // app knows to run delta (https://learn.microsoft.com/graph/change-notifications-lifecycle-events).
  const deliverer: Deliverer = new Deliverer({
    timeScale: ctx.timeScale,
    logger: log,
    dropRate: () => core.faults.dropNotificationsRate,
    onDropped: (ids) => {
      for (const id of ids) {
        const s = state.subscriptions[id];
        if (s?.lifecycleNotificationUrl)
          deliverer.enqueue(s.lifecycleNotificationUrl, "lifecycle", lifecycleFor(core, s, "missed"));
      }
    },
  });

  attachRoomProcessing(store, ctx.directory);
  store.onChange(({ type, event, mailboxId }) => {
    for (const n of notificationsFor(core, mailboxId, type, event)) deliverer.enqueue(n.url, "change", n.item);
    saver.changed();
  });

  const sendLifecycleEvent = (id: string, event: LifecycleEvent): boolean => {
    const s = state.subscriptions[id];
    if (!s) return false;
    if (s.lifecycleNotificationUrl)
      deliverer.enqueue(s.lifecycleNotificationUrl, "lifecycle", lifecycleFor(core, s, event));
    if (event === "subscriptionRemoved") {
      delete state.subscriptions[id];
      saver.changed();
    }
    return true;
  };

  const sweep = setInterval(
    () => {
      const now = Date.now();
      for (const s of Object.values(state.subscriptions)) {
        const exp = Date.parse(s.expirationDateTime);
        if (exp <= now) {
          delete state.subscriptions[s.id];
          saver.changed();
          continue;
        }
        if (exp - now <= REAUTH_BEFORE_MS && !s.reauthNotifiedAt) {
          s.reauthNotifiedAt = new Date().toISOString();
          sendLifecycleEvent(s.id, "reauthorizationRequired");
        }
      }
    },
    Math.max(20, SWEEP_EVERY_MS * ctx.timeScale),
  );
  sweep.unref?.();

  /** Which mailbox a batch sub-request targets (users/{id or upn} or me), for the batch's per-mailbox queue. */
  const batchMailbox = (url: URL, batchReq: SandboxRequest): string | undefined => {
    const segs = url.pathname
      .replace(/^\/v1\.0/i, "")
      .split("/")
      .filter(Boolean)
      .map((x) => decodeURIComponent(x));
    const [head, who] = segs;
    if (head?.toLowerCase() === "users" && who !== undefined && segs.length > 2)
      return ctx.directory.findUser(who)?.id ?? who.toLowerCase();
    if (head?.toLowerCase() === "me") return `me:${batchReq.headers.authorization ?? ""}`;
    return undefined;
  };

  const dispatch = async (req: SandboxRequest, inBatch: boolean): Promise<SandboxResponse> => {
    let release: (() => void) | undefined;
    try {
      const segs = req.url.pathname
        .replace(/^\/v1\.0/i, "")
        .split("/")
        .filter(Boolean)
        .map((s) => decodeURIComponent(s));
      if (!inBatch && segs[0] === "$batch" && segs.length === 1) {
        if (req.method.toUpperCase() !== "POST")
          throw new GraphError(405, "BadRequest", "The OData request is not supported.");
        return jsonResponse(
          req,
          200,
          await batchHandler(
            req,
            (r) => dispatch(r, true),
            (url) => batchMailbox(url, req),
          ),
        );
      }
      const auth = await ctx.verifyAccessToken(req.headers.authorization);
      if ("error" in auth) {
        const empty = !req.headers.authorization || !/^bearer\s+\S+/i.test(req.headers.authorization);
        throw new GraphError(
          401,
          "InvalidAuthenticationToken",
          empty ? "Access token is empty." : auth.description || "Access token validation failure.",
          {
            "www-authenticate": `Bearer realm="", authorization_uri="https://login.microsoftonline.com/common/oauth2/authorize", client_id="00000003-0000-0000-c000-000000000000"`,
          },
        );
      }
      const caller = auth;
      const base = `${req.url.protocol}//${req.url.host}/v1.0`;
      const call: Call = { req, caller, prefer: parsePrefer(req), base };
      const head = segs[0]?.toLowerCase();
      if (head === "subscriptions") return await handleSubscriptions(core, deliverer, call, segs.slice(1));
      if (head === "places" && segs[1]?.toLowerCase() === "microsoft.graph.room" && segs.length === 2)
        return listRooms(core, call);
      if (head === "users" && segs.length === 1) return listUsers(core, call);
      const fn = /^(microsoft\.graph\.)?delta(\(\))?$/i.exec(segs[1] ?? "");
      if (head === "users" && segs.length === 2 && fn && req.method.toUpperCase() === "GET")
        return usersDelta(core, call, Boolean(fn[1]));
      // /me/... or /users/{id or upn}/...: one mailbox, then the rest of the path.
      const mailboxPath =
        head === "me"
          ? { who: "me", rest: segs.slice(1) }
          : head === "users" && segs[1] !== undefined
            ? { who: segs[1], rest: segs.slice(2) }
            : undefined;
      if (mailboxPath) {
        const { who, rest } = mailboxPath;
        const [resource] = rest;
        if (resource === undefined) {
          if (head === "me") {
            requireDelegated(call);
            return getUser(call, findUserOr404(core, caller.userId ?? ""));
          }
          return getUser(call, findUserOr404(core, who));
        }
        const write = req.method.toUpperCase() !== "GET";
        const user = resolveMailbox(core, call, who, write);
        // Exchange throttles per app + mailbox; the injected latency holds the slot like a slow backend would.
        const slot = core.throttle.acquire(caller.appId, user.id);
        if (!slot.ok)
          throw new GraphError(429, "ApplicationThrottled", slot.message, {
            "retry-after": String(slot.retryAfterSeconds),
          });
        release = slot.release;
        const f = core.faults;
        if (f.latencyMs > 0) await new Promise((r) => setTimeout(r, f.latencyMs));
        if (f.rate429 > 0 && Math.random() < f.rate429)
          throw new GraphError(429, "ApplicationThrottled", "Application is over its MailboxConcurrency limit.", {
            "retry-after": "1",
          });
        if (f.rate503 > 0 && Math.random() < f.rate503)
          throw new GraphError(
            503,
            "ServiceNotAvailable",
            "The service is temporarily unavailable. Please retry later.",
            { "retry-after": "2" },
          );
        if (resource.toLowerCase() === "mailboxsettings" && rest.length === 1) return mailboxSettings(call, user);
        return handleCalendar(core, call, user, rest);
      }
      throw new GraphError(400, "BadRequest", `Resource not found for the segment '${segs[0] ?? ""}'.`);
    } catch (err) {
      if (err instanceof GraphError) return errorResponse(req, err);
      log.error({ err, path: req.url.pathname }, "sandbox graph handler failed");
      return errorResponse(req, new GraphError(500, "UnknownError", "An internal server error occurred."));
    } finally {
      release?.();
    }
  };

  const service: SandboxGraphService = {
    core,
    handle: (req) => dispatch(req, false),
    ui: (req) => handleUi(service, req),
    seedDemo: () => {
      seedDemoMeetings(core);
      saver.flush();
    },
    close: async () => {
      clearInterval(sweep);
      await deliverer.close();
      saver.flush();
    },
    getFaults: () => ({ ...core.faults, forbiddenMailboxes: [...core.faults.forbiddenMailboxes] }),
    setFaults: (patch) => (core.faults = mergeFaults(core.faults, patch)),
    expireDeltaTokens: () => {
      state.deltaGeneration++;
      saver.changed();
    },
    sendLifecycleEvent,
    deliveryLog: () => [...deliverer.log],
    deliveriesIdle: () => deliverer.idle(),
  };
  return service;
};
