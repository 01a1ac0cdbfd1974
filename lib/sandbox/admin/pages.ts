// Routes of the identity-side person pages (plain http): overview, App registrations and their form
// posts, and the /error?code= page that error_uri links to.
import type { SandboxRequest, SandboxResponse } from "../contracts";
import { must } from "@/lib/invariant";
import type { DirectoryAdmin } from "../directory";
import { esc, page, parseForm, redirect } from "../identity/html";
import { usersPost, usersView } from "./users-view";
import { APPLICATION_PERMISSIONS, appsView, landingView, type PageInfo } from "./views";

export function handleAdminPages(
  dir: DirectoryAdmin,
  req: SandboxRequest,
  info: PageInfo,
): SandboxResponse | undefined {
  const p = req.url.pathname;
  if (req.method === "GET") {
    if (p === "/") return landingView(dir, info);
    if (p === "/apps") return appsView(dir);
    if (p === "/users") return usersView(dir);
    if (p === "/error") {
      const code = req.url.searchParams.get("code") ?? "";
      return page(
        "Error lookup",
        `<div class="card"><h1>AADSTS${esc(code)}</h1><p>The sandbox answers AADSTS codes as Microsoft documents them. See <a href="https://learn.microsoft.com/entra/identity-platform/reference-error-codes">Microsoft Entra authentication and authorization error codes</a>.</p></div>`,
      );
    }
    return undefined;
  }
  if (req.method !== "POST") return undefined;
  // Forms only from our own pages: a cross-site POST carries a foreign Origin.
  const origin = req.headers.origin;
  if (origin && origin !== "null" && new URL(origin).host !== req.url.host)
    return page("Forbidden", `<div class="card error">Cross-site form post refused.</div>`, { status: 403 });
  const form = parseForm(req.body);
  const [section, id, ...rest] = p.split("/").filter(Boolean).map(decodeURIComponent);
  try {
    if (section === "users" && id !== undefined && rest[0] === "revoke") {
      const n = dir.revokeRefreshTokens(id);
      // revokeRefreshTokens throws for an unknown user, so the user is there.
      const upn = must(dir.findUser(id), `user ${id}`).userPrincipalName;
      return landingView(dir, info, `Sessions revoked: ${n} refresh token(s) of ${upn} stop working.`);
    }
    if (section === "users") return usersPost(dir, id, rest[0], form);
    if (section !== "apps" || !id) return undefined;
    const app = dir.app(id);
    if (!app)
      return page("Not found", `<div class="card error">No app registration ${esc(id)}.</div>`, { status: 404 });
    const action = rest.join("/");
    switch (action) {
      case "redirect-uris/add":
        dir.addRedirectUri(app.clientId, form.get("uri") ?? "");
        break;
      case "redirect-uris/remove":
        dir.removeRedirectUri(app.clientId, form.get("uri") ?? "");
        break;
      case "secrets/new": {
        const months = Math.min(24, Math.max(1, Number(form.get("months") ?? 6)));
        const end = new Date();
        end.setMonth(end.getMonth() + months);
        const s = dir.addSecret(app.clientId, { displayName: form.get("displayName") || "secret", endDateTime: end });
        // Shown once, in this response only (no redirect, so it never lands in a URL or history).
        return appsView(dir, {
          flash: "New client secret created. Copy the value now.",
          shownSecret: { clientId: app.clientId, keyId: s.keyId, value: s.value },
        });
      }
      case "secrets/expire":
        dir.expireSecret(app.clientId, form.get("keyId") ?? "");
        break;
      case "secrets/delete":
        dir.removeSecret(app.clientId, form.get("keyId") ?? "");
        break;
      case "permissions/add":
      case "permissions/remove": {
        const perm = form.get("permission") ?? "";
        if (action === "permissions/add" && !APPLICATION_PERMISSIONS.includes(perm))
          return appsView(dir, { flash: `Not done: '${perm}' is not a permission the sandbox offers.` });
        const now = app.applicationPermissions.filter((x) => x !== perm);
        dir.setApplicationPermissions(app.clientId, action === "permissions/add" ? [...now, perm] : now);
        break;
      }
      case "consent/grant":
        dir.grantAdminConsent(app.clientId);
        break;
      case "consent/revoke":
        dir.revokeAdminConsent(app.clientId);
        break;
      case "policy/set": {
        const right = form.get("accessRight") === "DenyAccess" ? "DenyAccess" : "RestrictAccess";
        const mailboxes = form.getAll("mailbox");
        if (!mailboxes.length) return appsView(dir, { flash: "Pick at least one mailbox for the policy's group." });
        dir.setAccessPolicy(app.clientId, { accessRight: right, mailboxes });
        break;
      }
      case "policy/remove":
        dir.setAccessPolicy(app.clientId, null);
        break;
      default:
        return undefined;
    }
    return redirect("/apps");
  } catch (err) {
    return appsView(dir, { flash: `Not done: ${(err as Error).message}` });
  }
}
