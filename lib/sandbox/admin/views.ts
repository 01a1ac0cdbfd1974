// HTML of the identity-side person pages: the tenant overview and an Azure-like "App registrations"
// page (redirect URIs, client secrets, API permissions + admin consent, application access policies).
import type { DirectoryUser, SandboxResponse } from "../contracts";
import { processingOf } from "../graph/calendar-processing";
import type { AppRegistration, DirectoryAdmin } from "../directory";
import { esc, page } from "../identity/html";

/** Microsoft Graph application permissions the sandbox knows how to enforce, offered on "Add a permission". */
export const APPLICATION_PERMISSIONS = [
  "Calendars.ReadWrite",
  "Calendars.Read",
  "User.Read.All",
  "Directory.Read.All",
  "Place.Read.All",
];

export interface PageInfo {
  port: number;
  tenantId: string;
  clientId: string;
}

const btn = (action: string, label: string, cls = "", hidden: Record<string, string> = {}) =>
  `<form method="post" action="${esc(action)}" style="display:inline">${Object.entries(hidden)
    .map(([k, v]) => `<input type="hidden" name="${esc(k)}" value="${esc(v)}">`)
    .join("")}<button class="${cls}">${esc(label)}</button></form>`;

export function landingView(dir: DirectoryAdmin, info: PageInfo, flash?: string): SandboxResponse {
  const host = `localhost:${info.port}`;
  const facts: [string, string][] = [
    ["Tenant", `${dir.tenant.displayName}`],
    ["Tenant ID", dir.tenantId],
    ["Verified domain", dir.tenant.domain],
    ["Authority", `https://${host}/${dir.tenantId}`],
    ["Graph base URL", `https://${host}/v1.0`],
    ["App registration (client ID)", info.clientId],
    ["Sign-in pages", `http://${host}`],
  ];
  const people = dir.users().filter((u) => u.kind === "user");
  const rooms = dir.users().filter((u) => u.kind === "room");
  return page(
    "Roomlink sandbox tenant",
    `
${flash ? `<div class="card notice">${esc(flash)}</div>` : ""}
<div class="card"><h1>Sandbox tenant</h1>
<p class="muted">A local stand-in for Microsoft Entra ID and Microsoft Graph. Nothing here reaches Microsoft.</p>
<table>${facts.map(([k, v]) => `<tr><th>${esc(k)}</th><td><code>${esc(v)}</code></td></tr>`).join("")}</table>
<p class="row"><a class="btn" href="/ui/">Act as an Outlook user</a><a class="btn" href="/apps">App registrations</a><a class="btn" href="/users">Users</a></p></div>
<div class="card"><h2>Users</h2><table><tr><th>Name</th><th>User principal name</th><th>Object ID</th><th></th></tr>
${people.map((u) => `<tr><td>${esc(u.displayName)}</td><td>${esc(u.userPrincipalName)}</td><td><code>${esc(u.id)}</code></td><td>${btn(`/users/${encodeURIComponent(u.id)}/revoke`, "Revoke sessions", "danger")}</td></tr>`).join("")}
</table><p class="muted">Revoke sessions = revokeSignInSessions: the user's refresh tokens stop working (AADSTS50173).</p></div>
<div class="card"><h2>Room mailboxes</h2><table><tr><th>Room</th><th>Email</th><th>Capacity</th><th>Building</th><th>Calendar processing</th></tr>
${rooms.map((r) => `<tr><td>${esc(r.displayName)}</td><td>${esc(r.mail)}</td><td>${esc(r.capacity)}</td><td>${esc(r.building)}</td><td><code>${esc(processingLine(r))}</code></td></tr>`).join("")}
</table><p class="muted">As Set-CalendarProcessing would set it; change with <code>PATCH /_sandbox/api/rooms/{id}</code> <code>{"processing": {...}}</code>.</p></div>`,
  );
}

/** The room's effective settings as Set-CalendarProcessing parameters (defaults included). */
function processingLine(room: DirectoryUser): string {
  const p = processingOf(room);
  const b = (v: boolean) => (v ? "$true" : "$false");
  return `-AutomateProcessing ${p.automateProcessing} -BookingWindowInDays ${p.bookingWindowInDays} -EnforceSchedulingHorizon ${b(p.enforceSchedulingHorizon)} -MaximumDurationInMinutes ${p.maximumDurationInMinutes} -AllowConflicts ${b(p.allowConflicts)} -AllowRecurringMeetings ${b(p.allowRecurringMeetings)} -AddOrganizerToSubject ${b(p.addOrganizerToSubject)} -DeleteSubject ${b(p.deleteSubject)} -DeleteComments ${b(p.deleteComments)} -RemovePrivateProperty ${b(p.removePrivateProperty)} -RemoveCanceledMeetings ${b(p.removeCanceledMeetings)}`;
}

function appCard(dir: DirectoryAdmin, app: AppRegistration, shownSecret?: { keyId: string; value: string }): string {
  const base = `/apps/${encodeURIComponent(app.clientId)}`;
  const now = Date.now();
  const policy = dir.accessPolicies().find((p) => p.appId === app.clientId);
  const mailboxes = dir.users();
  const secrets = app.secrets
    .map((s) => {
      const expired = new Date(s.endDateTime).getTime() <= now;
      const value =
        shownSecret?.keyId === s.keyId
          ? `<code>${esc(shownSecret.value)}</code><br><span class="muted">Copy it now: it is not shown again.</span>`
          : `<code>${esc(s.hint)}${"*".repeat(12)}</code>`;
      return `<tr><td>${esc(s.displayName)}</td><td>${value}</td><td><code>${esc(s.keyId)}</code></td><td class="${expired ? "bad" : ""}">${esc(s.endDateTime.slice(0, 10))}${expired ? " (expired)" : ""}</td>
<td class="row">${expired ? "" : btn(`${base}/secrets/expire`, "Expire", "", { keyId: s.keyId })}${btn(`${base}/secrets/delete`, "Delete", "danger", { keyId: s.keyId })}</td></tr>`;
    })
    .join("");
  return `<div class="card"><h1>${esc(app.displayName)}</h1>
<table><tr><th>Application (client) ID</th><td><code>${esc(app.clientId)}</code></td></tr><tr><th>Directory (tenant) ID</th><td><code>${esc(dir.tenantId)}</code></td></tr></table></div>
<div class="card"><h2>Authentication: redirect URIs (Web)</h2><table>
${app.redirectUris.map((u) => `<tr><td><code>${esc(u)}</code></td><td>${btn(`${base}/redirect-uris/remove`, "Remove", "danger", { uri: u })}</td></tr>`).join("") || `<tr><td class="muted">None yet: sign-in will fail with AADSTS50011.</td></tr>`}
</table><form method="post" action="${esc(base)}/redirect-uris/add" class="row" style="margin-top:10px"><input type="url" name="uri" required placeholder="https://roomlink.example.com/integrations/redirect/…"><button>Add URI</button></form></div>
<div class="card"><h2>Certificates &amp; secrets</h2><table><tr><th>Description</th><th>Value</th><th>Secret ID</th><th>Expires</th><th></th></tr>${secrets}</table>
<form method="post" action="${esc(base)}/secrets/new" class="row" style="margin-top:10px"><input type="text" name="displayName" placeholder="Description" value="Roomlink"><select name="months"><option value="6">6 months</option><option value="12">12 months</option><option value="24">24 months</option></select><button>New client secret</button></form></div>
<div class="card"><h2>API permissions</h2><table><tr><th>Microsoft Graph permission</th><th>Type</th><th>Status</th></tr>
${app.applicationPermissions.map((p) => `<tr><td>${esc(p)}</td><td>Application</td><td class="${app.adminConsent.roles.includes(p) ? "ok" : "bad"}">${app.adminConsent.roles.includes(p) ? "Granted for tenant" : "Not granted"}</td><td>${btn(`${base}/permissions/remove`, "Remove", "danger", { permission: p })}</td></tr>`).join("")}
${app.delegatedScopes.map((p) => `<tr><td>${esc(p)}</td><td>Delegated</td><td class="muted">User consent</td></tr>`).join("")}
</table><form method="post" action="${esc(base)}/permissions/add" class="row" style="margin-top:10px"><select name="permission" aria-label="Application permission">${APPLICATION_PERMISSIONS.filter(
    (p) => !app.applicationPermissions.includes(p),
  )
    .map((p) => `<option>${esc(p)}</option>`)
    .join("")}</select><button>Add a permission</button></form>
<p class="muted">An added permission is not granted until admin consent is given again (as in Azure).</p>
<p class="row">${app.adminConsent.granted ? btn(`${base}/consent/revoke`, "Revoke admin consent", "danger") : btn(`${base}/consent/grant`, `Grant admin consent for ${dir.tenant.displayName}`, "primary")}</p></div>
<div class="card"><h2>Application access policy</h2>
<p class="muted">New-ApplicationAccessPolicy: limit which mailboxes this app may reach with application permissions. Other mailboxes answer 403 ErrorAccessDenied.</p>
${policy ? `<p>Current: <strong>${esc(policy.accessRight)}</strong> for ${esc(policy.groupName)} (${policy.mailboxIds.length} mailboxes) ${btn(`${base}/policy/remove`, "Remove policy", "danger")}</p>` : `<p>No policy: every mailbox is reachable.</p>`}
<form method="post" action="${esc(base)}/policy/set"><div class="row"><select name="accessRight"><option>RestrictAccess</option><option>DenyAccess</option></select><button>Set policy</button></div>
<div class="users" style="margin-top:8px">${mailboxes.map((u) => `<label><input type="checkbox" name="mailbox" value="${esc(u.id)}"${policy?.mailboxIds.includes(u.id) ? " checked" : ""}>${esc(u.displayName)} <span class="muted">${esc(u.mail)}</span></label>`).join("")}</div></form></div>`;
}

export function appsView(
  dir: DirectoryAdmin,
  opts: { flash?: string; shownSecret?: { clientId: string; keyId: string; value: string } } = {},
): SandboxResponse {
  const cards = dir
    .apps()
    .map((a) => appCard(dir, a, opts.shownSecret?.clientId === a.clientId ? opts.shownSecret : undefined))
    .join('<hr style="border:0;margin:24px 0">');
  return page("App registrations", `${opts.flash ? `<div class="card notice">${esc(opts.flash)}</div>` : ""}${cards}`);
}
