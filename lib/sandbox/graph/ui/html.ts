// HTML helpers for the sandbox's person-facing UI: escaping, the page shell (Outlook-like look,
// inline CSS, no build step) and form-body parsing.
import type { SandboxRequest, SandboxResponse } from "@/lib/sandbox/contracts";

/** Text (or a number, boolean, nothing) escaped for HTML text and attribute values. */
export function esc(v: string | number | boolean | null | undefined): string {
  return String(v ?? "")
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&#39;");
}

export function qs(params: Record<string, string | undefined>): string {
  const u = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== "") u.set(k, v);
  const s = u.toString();
  return s ? `?${s}` : "";
}

export function form(req: SandboxRequest): URLSearchParams {
  return new URLSearchParams(req.body.toString("utf8"));
}

export function redirect(to: string): SandboxResponse {
  return { status: 303, headers: { location: to, "cache-control": "no-store" } };
}

const CSS = `
*{box-sizing:border-box}body{margin:0;font:14px/1.4 "Segoe UI",system-ui,-apple-system,sans-serif;color:#242424;background:#f5f5f5}
header{background:#0f6cbd;color:#fff;display:flex;align-items:center;gap:18px;padding:0 16px;height:48px}
header a{color:#fff;text-decoration:none;opacity:.9}header a:hover{opacity:1;text-decoration:underline}
header .brand{font-weight:600;font-size:16px;margin-right:12px}header .who{margin-left:auto;font-size:13px}
main{padding:16px;max-width:1400px;margin:0 auto}h1{font-size:20px;font-weight:600;margin:4px 0 12px}
.bar{display:flex;gap:8px;align-items:center;flex-wrap:wrap;margin-bottom:12px}
.btn,button{background:#fff;border:1px solid #d1d1d1;border-radius:4px;padding:5px 12px;font:inherit;color:#242424;cursor:pointer;text-decoration:none;display:inline-block}
.btn.primary,button.primary{background:#0f6cbd;border-color:#0f6cbd;color:#fff}button.danger{color:#b10e1c;border-color:#e8a5ab}
select,input,textarea{font:inherit;padding:4px 6px;border:1px solid #d1d1d1;border-radius:4px;background:#fff}
.card{background:#fff;border:1px solid #e0e0e0;border-radius:6px;padding:14px;margin-bottom:12px}
.grid{display:grid;grid-template-columns:56px repeat(7,1fr);background:#fff;border:1px solid #e0e0e0;border-radius:6px;overflow:hidden}
.grid .hd{padding:6px;border-bottom:1px solid #e0e0e0;font-weight:600;font-size:13px;text-align:center}.grid .hd.today{color:#0f6cbd}
.col{position:relative;border-left:1px solid #eee;height:${14 * 48}px;background:repeating-linear-gradient(#fff 0 47px,#f0f0f0 47px 48px)}
.hours{position:relative;height:${14 * 48}px}.hours div{height:48px;font-size:11px;color:#616161;text-align:right;padding-right:6px}
.ev{position:absolute;left:3px;right:3px;border-radius:4px;padding:2px 5px;font-size:12px;overflow:hidden;background:#ebf3fc;border-left:3px solid #0f6cbd;color:#0e4775;text-decoration:none}
.ev.declined{background:#fdf3f4;border-left-color:#c50f1f;color:#751d1f;text-decoration:line-through}.ev.tentative{background:repeating-linear-gradient(45deg,#ebf3fc 0 6px,#fff 6px 12px)}
.ev.room{background:#f1faf1;border-left-color:#107c10;color:#0e4b0e}.ev.cancelled{background:#f5f5f5;border-left-color:#a19f9d;color:#616161;text-decoration:line-through}
.reply{display:block;margin-top:2px;font-size:12px;color:#424242;font-style:italic}.cancelled-note{background:#fdf3f4;border-color:#eeacb2;color:#751d1f}h2{font-size:15px;font-weight:600;margin:12px 0 6px}
table{border-collapse:collapse;width:100%;background:#fff}th,td{border-bottom:1px solid #eee;padding:6px 8px;text-align:left;font-size:13px;vertical-align:top}th{background:#fafafa}
.ok{color:#107c10}.bad{color:#c50f1f}.muted{color:#616161;font-size:12px}.pill{display:inline-block;border-radius:10px;padding:0 8px;font-size:12px;background:#f0f0f0}
.pill.accepted{background:#dff6dd;color:#0e4b0e}.pill.declined{background:#fde7e9;color:#751d1f}.pill.none,.pill.notResponded,.pill.tentativelyAccepted{background:#fff4ce;color:#6d5700}
label,legend{display:block;margin:8px 0 4px;font-weight:600;font-size:13px}fieldset{border:0;margin:0;padding:0}legend{padding:0}.row{display:flex;gap:12px;flex-wrap:wrap}.checks label{display:inline-flex;gap:4px;font-weight:400;margin-right:12px}
`;

export function page(title: string, body: string, opts: { as?: string; asName?: string } = {}): SandboxResponse {
  const as = opts.as ? qs({ as: opts.as }) : "";
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${esc(title)} · Sandbox Outlook</title><style>${CSS}</style></head><body>
<header><span class="brand">Outlook (sandbox)</span><a href="/ui/calendar${as}">Calendar</a><a href="/ui/deliveries${as}">Webhook deliveries</a><a href="/ui/faults${as}">Faults</a>
<span class="who">${opts.asName ? `Signed in as <strong>${esc(opts.asName)}</strong> · <a href="/ui/">switch</a>` : ""}</span></header>
<main>${body}</main></body></html>`;
  return {
    status: 200,
    headers: {
      "content-type": "text/html; charset=utf-8",
      "cache-control": "no-store",
      "x-content-type-options": "nosniff",
    },
    body: html,
  };
}
