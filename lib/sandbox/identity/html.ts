// Tiny server-rendered HTML helpers for the sandbox's person pages (sign-in, consent, admin).
// Everything interpolated goes through esc(); pages carry their own inline CSS, no scripts needed.
import type { SandboxResponse } from "../contracts";

/** Text (or a number, boolean, nothing) escaped for HTML text and attribute values. */
export function esc(value: string | number | boolean | null | undefined): string {
  return String(value ?? "").replace(/[&<>"'`=]/g, (c) => `&#${c.charCodeAt(0)};`);
}

const CSS = `
*{box-sizing:border-box}body{margin:0;font:15px/1.45 "Segoe UI",system-ui,-apple-system,sans-serif;background:#f3f2f1;color:#201f1e}
header{background:#0f6cbd;color:#fff;padding:10px 24px;display:flex;gap:24px;align-items:center}
header a{color:#fff;text-decoration:none;opacity:.9}header strong{font-weight:600;margin-right:auto}
main{max-width:880px;margin:24px auto;padding:0 16px}
.card{background:#fff;border-radius:6px;box-shadow:0 1px 3px rgba(0,0,0,.12);padding:20px 24px;margin-bottom:16px}
.narrow{max-width:440px;margin:48px auto}
h1{font-size:22px;font-weight:600;margin:0 0 12px}h2{font-size:17px;font-weight:600;margin:0 0 10px}
table{border-collapse:collapse;width:100%}td,th{text-align:left;padding:6px 8px;border-bottom:1px solid #edebe9;vertical-align:top}
th{font-weight:600;color:#605e5c;font-size:13px}code{font:13px Consolas,monospace;background:#f3f2f1;padding:1px 4px;border-radius:3px;word-break:break-all}
button,.btn{white-space:nowrap;font:inherit;border:1px solid #8a8886;background:#fff;border-radius:4px;padding:5px 14px;cursor:pointer;color:#201f1e}
button.primary{background:#0f6cbd;border-color:#0f6cbd;color:#fff}button.danger{color:#a4262c;border-color:#a4262c}
input[type=text],input[type=url],input[type=number],select{font:inherit;padding:5px 8px;border:1px solid #8a8886;border-radius:4px;min-width:260px}
.users label{display:flex;gap:10px;align-items:center;padding:8px;border:1px solid #edebe9;border-radius:4px;margin-bottom:6px;cursor:pointer}
.muted{color:#605e5c;font-size:13px}.ok{color:#107c10}.bad{color:#a4262c}.row{display:flex;gap:8px;align-items:center;flex-wrap:wrap}
.error{border-left:4px solid #a4262c}.notice{border-left:4px solid #107c10}ul.scopes{padding-left:20px}
`;

export function page(title: string, body: string, opts: { nav?: boolean; status?: number } = {}): SandboxResponse {
  const nav =
    opts.nav === false
      ? ""
      : `<header><strong>Roomlink sandbox tenant</strong><a href="/">Overview</a><a href="/users">Users</a><a href="/apps">App registrations</a><a href="/ui/">Outlook</a></header>`;
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${esc(title)}</title><style>${CSS}</style></head><body>${nav}<main>${body}</main></body></html>`;
  return {
    status: opts.status ?? 200,
    headers: { "content-type": "text/html; charset=utf-8", "cache-control": "no-store", "x-frame-options": "DENY" },
    body: html,
  };
}

export function redirect(location: string): SandboxResponse {
  return { status: 302, headers: { location, "cache-control": "no-store" }, body: "" };
}

export function parseForm(body: Buffer): URLSearchParams {
  return new URLSearchParams(body.toString("utf8"));
}
