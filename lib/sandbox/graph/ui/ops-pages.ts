// The operator pages: webhook delivery log (status codes, latencies, attempts), subscriptions, and
// run-time faults (latency, 429/503 rates, dropped notifications, forced 403, lifecycle events, delta expiry).
import type { SandboxRequest, SandboxResponse } from "@/lib/sandbox/contracts";
import type { SandboxGraphService } from "../service";
import type { LifecycleEvent } from "../subscriptions";
import { esc, form, page, qs, redirect } from "./html";

function asOf(req: SandboxRequest, svc: SandboxGraphService) {
  const as = req.url.searchParams.get("as") ?? undefined;
  const u = as ? svc.core.ctx.directory.findUser(as) : undefined;
  return { as: u?.id, asName: u?.displayName };
}

export function deliveriesPage(svc: SandboxGraphService, req: SandboxRequest): SandboxResponse {
  const rows = svc
    .deliveryLog()
    .reverse()
    .slice(0, 200)
    .map((e) => {
      const ok = e.outcome === "delivered";
      return `<tr><td>${esc(e.time.slice(11, 23))}</td><td>${esc(e.kind)}</td><td>${esc(e.url)}</td><td class="${ok ? "ok" : "bad"}">${esc(e.status)}</td><td>${esc(e.latencyMs)} ms</td><td>${esc(e.attempt)}</td><td>${esc(e.count)}</td><td>${esc(e.outcome)}</td></tr>`;
    })
    .join("");
  const subs = Object.values(svc.core.state.subscriptions)
    .map((s) => {
      const mb = svc.core.ctx.directory.findUser(s.mailboxId);
      return `<tr><td class="muted">${esc(s.id)}</td><td>${esc(mb?.displayName ?? s.mailboxId)}</td><td>${esc(s.changeType)}</td><td>${esc(s.notificationUrl)}</td><td>${esc(s.lifecycleNotificationUrl ?? "—")}</td><td>${esc(s.expirationDateTime)}</td></tr>`;
    })
    .join("");
  const body = `<h1>Webhook deliveries</h1><div class="bar"><a class="btn" href="/ui/deliveries${qs({ as: asOf(req, svc).as })}">Refresh</a><span class="muted">Newest first; 2xx within 3 s counts as delivered, anything else is retried with back-off.</span></div>
<table><tr><th>Time (UTC)</th><th>Kind</th><th>URL</th><th>Status</th><th>Latency</th><th>Attempt</th><th>Notifications</th><th>Outcome</th></tr>${rows || `<tr><td colspan="8" class="muted">Nothing delivered yet.</td></tr>`}</table>
<h1 style="margin-top:20px">Subscriptions</h1><table><tr><th>Id</th><th>Mailbox</th><th>Change types</th><th>Notification URL</th><th>Lifecycle URL</th><th>Expires</th></tr>${subs || `<tr><td colspan="6" class="muted">No subscriptions.</td></tr>`}</table>`;
  return page("Webhook deliveries", body, asOf(req, svc));
}

export function faultsPage(svc: SandboxGraphService, req: SandboxRequest): SandboxResponse {
  const f = svc.getFaults();
  const who = asOf(req, svc);
  const subs = Object.values(svc.core.state.subscriptions);
  const num = (name: string, v: number, step: string, label: string) =>
    `<div><label>${esc(label)}</label><input type="number" name="${name}" value="${esc(v)}" step="${step}" min="0"${step === "0.01" ? ` max="1"` : ""}></div>`;
  const body = `<h1>Faults</h1><form class="card" method="post" action="/ui/faults${qs({ as: who.as })}"><div class="row">
${num("latencyMs", f.latencyMs, "1", "Added latency (ms)")}${num("rate429", f.rate429, "0.01", "429 rate (0–1)")}${num("rate503", f.rate503, "0.01", "503 rate (0–1)")}${num("dropNotificationsRate", f.dropNotificationsRate, "0.01", "Drop notifications (0–1)")}</div>
<label>Mailboxes answering 403 (comma separated ids or addresses)</label><input name="forbiddenMailboxes" style="width:100%" value="${esc(f.forbiddenMailboxes.join(", "))}">
<p><button class="primary" type="submit">Apply</button></p></form>
<form class="card" method="post" action="/ui/faults/lifecycle${qs({ as: who.as })}"><strong>Send a lifecycle event</strong><div class="row">
<select name="subscriptionId">${subs.map((s) => `<option value="${esc(s.id)}">${esc(s.id.slice(0, 8))}… ${esc(svc.core.ctx.directory.findUser(s.mailboxId)?.displayName ?? "")}</option>`).join("") || "<option value=''>No subscriptions</option>"}</select>
<select name="event"><option>reauthorizationRequired</option><option>missed</option><option>subscriptionRemoved</option></select><button type="submit">Send</button></div></form>
<form class="card" method="post" action="/ui/faults/expire-delta${qs({ as: who.as })}"><strong>Delta tokens</strong> <button class="danger" type="submit">Expire all delta tokens</button> <span class="muted">Next delta call answers 410 SyncStateNotFound.</span></form>
<p class="muted">JSON: GET/POST /ui/api/faults with the same field names.</p>`;
  return page("Faults", body, who);
}

export function applyFaultsForm(svc: SandboxGraphService, req: SandboxRequest): SandboxResponse {
  const f = form(req);
  const n = (k: string) => (f.has(k) && f.get(k) !== "" ? Number(f.get(k)) : undefined);
  svc.setFaults({
    latencyMs: n("latencyMs"),
    rate429: n("rate429"),
    rate503: n("rate503"),
    dropNotificationsRate: n("dropNotificationsRate"),
    forbiddenMailboxes: (f.get("forbiddenMailboxes") ?? "")
      .split(",")
      .map((s) => s.trim())
      .filter(Boolean),
  });
  return redirect(`/ui/faults${qs({ as: req.url.searchParams.get("as") ?? undefined })}`);
}

export function lifecycleForm(svc: SandboxGraphService, req: SandboxRequest): SandboxResponse {
  const f = form(req);
  const event = f.get("event") as LifecycleEvent;
  if (["reauthorizationRequired", "missed", "subscriptionRemoved"].includes(event))
    svc.sendLifecycleEvent(f.get("subscriptionId") ?? "", event);
  return redirect(`/ui/deliveries${qs({ as: req.url.searchParams.get("as") ?? undefined })}`);
}
