// Routes /ui/* of the sandbox: the person-facing Outlook-like pages and the small JSON control API
// (/ui/api/faults, /ui/api/deliveries, /ui/api/lifecycle, /ui/api/expire-delta) for tests and demos.
import type { SandboxRequest, SandboxResponse } from "@/lib/sandbox/contracts";
import { GraphError } from "../http";
import type { SandboxGraphService } from "../service";
import type { LifecycleEvent } from "../subscriptions";
import { calendarPage, homePage } from "./calendar-pages";
import { esc, page } from "./html";
import { createMeeting, eventAction, eventPage, newMeetingPage } from "./meeting-pages";
import { applyFaultsForm, deliveriesPage, faultsPage, lifecycleForm } from "./ops-pages";
import { saveRoomSettings } from "./room-pages";

function json(status: number, body: unknown): SandboxResponse {
  return {
    status,
    headers: { "content-type": "application/json; charset=utf-8", "cache-control": "no-store" },
    body: body as object,
  };
}

/** A JSON body field as text: strings, numbers and booleans as written, anything else as "". */
function text(v: unknown): string {
  return typeof v === "string" || typeof v === "number" || typeof v === "boolean" ? String(v) : "";
}

function jsonBody(req: SandboxRequest): Record<string, unknown> {
  try {
    return JSON.parse(req.body.toString("utf8") || "{}") as Record<string, unknown>;
  } catch {
    return {};
  }
}

export function handleUi(svc: SandboxGraphService, req: SandboxRequest): SandboxResponse | undefined {
  const p = req.url.pathname.replace(/\/+$/, "") || "/";
  const m = req.method.toUpperCase();
  const core = svc.core;
  try {
    if (p === "/ui/api/faults") {
      if (m === "POST") svc.setFaults(jsonBody(req));
      return json(200, svc.getFaults());
    }
    if (p === "/ui/api/deliveries" && m === "GET") return json(200, { value: svc.deliveryLog() });
    if (p === "/ui/api/expire-delta" && m === "POST") {
      svc.expireDeltaTokens();
      return json(200, { expired: true });
    }
    if (p === "/ui/api/lifecycle" && m === "POST") {
      const b = jsonBody(req);
      const ok = svc.sendLifecycleEvent(text(b.subscriptionId), text(b.lifecycleEvent) as LifecycleEvent);
      return json(ok ? 202 : 404, { sent: ok });
    }
    if (m === "GET") {
      if (p === "/ui") return homePage(core);
      if (p === "/ui/calendar") return calendarPage(core, req);
      if (p === "/ui/new") return newMeetingPage(core, req);
      if (p === "/ui/event") return eventPage(core, req);
      if (p === "/ui/deliveries") return deliveriesPage(svc, req);
      if (p === "/ui/faults") return faultsPage(svc, req);
    }
    if (m === "POST") {
      if (p === "/ui/new") return createMeeting(core, req);
      if (p === "/ui/room-settings") return saveRoomSettings(core, req);
      if (p === "/ui/event/move") return eventAction(core, req, "move");
      if (p === "/ui/event/cancel") return eventAction(core, req, "cancel");
      if (p === "/ui/event/respond") return eventAction(core, req, "respond");
      if (p === "/ui/faults") return applyFaultsForm(svc, req);
      if (p === "/ui/faults/lifecycle") return lifecycleForm(svc, req);
      if (p === "/ui/faults/expire-delta") {
        svc.expireDeltaTokens();
        return { status: 303, headers: { location: "/ui/faults" } };
      }
    }
    return undefined;
  } catch (err) {
    if (err instanceof GraphError) {
      const r = page(
        "Something went wrong",
        `<h1>That did not work</h1><div class="card"><p>${esc(err.message)}</p><p><a class="btn" href="/ui/">Start over</a></p></div>`,
      );
      return { ...r, status: err.status >= 500 ? 500 : 400 };
    }
    core.ctx.log.error({ err, path: p }, "sandbox UI failed");
    return { ...page("Error", `<h1>Unexpected error</h1><p class="muted">See the sandbox log.</p>`), status: 500 };
  }
}
