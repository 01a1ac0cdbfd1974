// The sandbox's "Users" page, for a person acting as the tenant admin (as in the Entra admin center):
// add a user (with or without a mailbox), rename, disable / enable, delete (into deleted users,
// restorable for 30 days), restore, delete permanently, revoke sessions. Forms post to pages.ts.
import type { DirectoryUser, SandboxResponse } from "../contracts";
import type { DirectoryAdmin } from "../directory";
import { esc, page } from "../identity/html";

const btn = (action: string, label: string, cls = "") =>
  `<form method="post" action="${esc(action)}" style="display:inline"><button class="${cls}">${esc(label)}</button></form>`;

function status(u: DirectoryUser): string {
  if (u.deletedDateTime) return `<span class="bad">Deleted ${esc(u.deletedDateTime.slice(0, 10))}</span>`;
  return u.accountEnabled === false ? `<span class="bad">Sign-in blocked</span>` : `<span class="ok">Enabled</span>`;
}

function row(dir: DirectoryAdmin, u: DirectoryUser): string {
  const base = `/users/${encodeURIComponent(u.id)}`;
  const alias = u.userPrincipalName.split("@")[0] ?? "";
  const actions = u.deletedDateTime
    ? `${btn(`${base}/restore`, "Restore")}${btn(`${base}/purge`, "Delete permanently", "danger")}`
    : `${u.accountEnabled === false ? btn(`${base}/enable`, "Enable sign-in") : btn(`${base}/disable`, "Block sign-in", "danger")}${btn(`${base}/delete`, "Delete", "danger")}${btn(`${base}/revoke-sessions`, "Revoke sessions")}`;
  const edit = u.deletedDateTime
    ? ""
    : `<details><summary>Edit</summary><form method="post" action="${esc(base)}/update" class="row">
<input name="displayName" value="${esc(u.displayName)}" aria-label="Display name" required>
<input name="alias" value="${esc(alias)}" aria-label="User name" pattern="[A-Za-z0-9._-]+" required><span class="muted">@${esc(dir.tenant.domain)}</span>
${u.mail ? `<input name="mail" value="${esc(u.mail)}" aria-label="Mail" type="email">` : ""}
<input name="department" value="${esc(u.department ?? "")}" aria-label="Department" placeholder="Department">
<input name="jobTitle" value="${esc(u.jobTitle ?? "")}" aria-label="Job title" placeholder="Job title">
<button>Save</button></form></details>`;
  return `<tr><td><strong>${esc(u.displayName)}</strong><br><span class="muted">${esc(u.userPrincipalName)}</span><br><span class="muted">${u.mail ? `Mail ${esc(u.mail)}` : "No mailbox"}</span><br><span class="muted"><code>${esc(u.id)}</code></span>${edit}</td><td>${esc(u.department ?? "")}</td><td>${esc(u.jobTitle ?? "")}</td><td>${status(u)}</td><td><div class="row">${actions}</div></td></tr>`;
}

export function usersView(dir: DirectoryAdmin, flash?: string): SandboxResponse {
  const people = [...dir.users().filter((u) => u.kind === "user"), ...dir.deletedUsers()];
  return page(
    "Users",
    `${flash ? `<div class="card notice">${esc(flash)}</div>` : ""}
<div class="card"><h1>Users</h1>
<p class="muted">As in the Entra admin center. Block sign-in = accountEnabled false: sign-in and refresh answer AADSTS50057. Delete moves the user to deleted users (restorable for 30 days; /users/delta says <code>@removed: changed</code>); delete permanently says <code>deleted</code>. Renaming keeps the object ID. Room mailboxes are users too (see the overview) but are not listed here.</p>
<table><tr><th>User</th><th>Department</th><th>Job title</th><th>Status</th><th></th></tr>
${people.map((u) => row(dir, u)).join("")}</table></div>
<div class="card"><h2>New user</h2><form method="post" action="/users/new" class="row">
<input name="displayName" placeholder="Display name" aria-label="Display name" required>
<input name="alias" placeholder="user name" aria-label="User name" pattern="[A-Za-z0-9._-]+" required><span class="muted">@${esc(dir.tenant.domain)}</span>
<input name="department" placeholder="Department" aria-label="Department">
<input name="jobTitle" placeholder="Job title" aria-label="Job title">
<label><input type="checkbox" name="mailbox" value="1" checked> Exchange Online mailbox</label>
<button class="primary">Create user</button></form></div>`,
  );
}

/** Form posts of the Users page; undefined = not one of its actions. */
export function usersPost(
  dir: DirectoryAdmin,
  id: string | undefined,
  action: string | undefined,
  form: URLSearchParams,
): SandboxResponse | undefined {
  const text = (k: string) => (form.get(k) ?? "").trim();
  try {
    if (id === "new" && action === undefined) {
      const u = dir.addUser({
        alias: text("alias"),
        displayName: text("displayName"),
        department: text("department") || null,
        jobTitle: text("jobTitle") || null,
        mailbox: form.get("mailbox") === "1",
      });
      return usersView(dir, `Created ${u.userPrincipalName}.`);
    }
    if (id === undefined) return undefined;
    const who = dir.findAnyUser(id)?.userPrincipalName ?? id;
    switch (action) {
      case "update":
        dir.updateUser(id, {
          displayName: text("displayName"),
          alias: text("alias"),
          mail: form.has("mail") ? text("mail") : undefined,
          department: text("department") || null,
          jobTitle: text("jobTitle") || null,
        });
        return usersView(dir, `Saved ${dir.findAnyUser(id)?.userPrincipalName ?? id}.`);
      case "disable":
        dir.setAccountEnabled(id, false);
        return usersView(dir, `Sign-in blocked for ${who}.`);
      case "enable":
        dir.setAccountEnabled(id, true);
        return usersView(dir, `Sign-in allowed for ${who}.`);
      case "delete":
        dir.softDeleteUser(id);
        return usersView(dir, `Deleted ${who}: restorable for 30 days.`);
      case "restore":
        dir.restoreUser(id);
        return usersView(dir, `Restored ${who}.`);
      case "revoke-sessions": {
        const n = dir.revokeRefreshTokens(id);
        return usersView(dir, `Sessions revoked: ${n} refresh token(s) of ${who} stop working (AADSTS50173).`);
      }
      case "purge":
        dir.purgeUser(id);
        return usersView(dir, `Permanently deleted ${who}.`);
      default:
        return undefined;
    }
  } catch (err) {
    return usersView(dir, `Not done: ${(err as Error).message.replace(/^sandbox: /, "")}`);
  }
}
