// Browser-facing sign-in + consent (/oauth2/v2.0/authorize) and admin consent (/v2.0/adminconsent)
// pages, served over plain http. https://learn.microsoft.com/entra/identity-platform/v2-admin-consent
import crypto from "node:crypto";
import type { DirectoryUser, SandboxRequest, SandboxResponse } from "../contracts";
import type { AppRegistration } from "../directory";
import { CODE_LIFETIME_MS, type IdentityDeps } from "./deps";
import { AADSTS, aadErrorBody, aadErrorPage, type AadError } from "./errors";
import { esc, page, parseForm, redirect } from "./html";
import { describeScope, hasAll, parseScopes } from "./scopes";

type Params = URLSearchParams;

/** Reads the request's parameters: the query on GET; on POST the page's own form carries them in `q`. */
function params(req: SandboxRequest): { q: Params; form?: Params } {
  if (req.method === "POST") {
    const form = parseForm(req.body);
    return { q: new URLSearchParams(form.get("q") ?? ""), form };
  }
  return { q: req.url.searchParams };
}

/** Client and redirect URI checks come first: until both pass, no redirect is safe, so errors are pages. */
function checkClient(
  deps: IdentityDeps,
  req: SandboxRequest,
  q: Params,
): { app: AppRegistration; redirectUri: string } | SandboxResponse {
  const clientId = q.get("client_id");
  if (!clientId) return aadErrorPage(req, AADSTS.missingParam("client_id"));
  const app = deps.directory.app(clientId);
  if (!app) return aadErrorPage(req, AADSTS.appNotFound(clientId, deps.directory.tenantId));
  const redirectUri = q.get("redirect_uri") ?? (app.redirectUris.length === 1 ? app.redirectUris[0] : undefined);
  if (!redirectUri) return aadErrorPage(req, AADSTS.missingParam("redirect_uri"));
  // Exact match, as Microsoft requires for web redirect URIs (case and trailing slash included).
  if (!app.redirectUris.includes(redirectUri))
    return aadErrorPage(req, AADSTS.redirectMismatch(redirectUri, app.clientId));
  return { app, redirectUri };
}

function back(
  req: SandboxRequest,
  redirectUri: string,
  mode: string | null,
  values: Record<string, string | undefined>,
): SandboxResponse {
  const entries = Object.entries(values).filter((e): e is [string, string] => e[1] !== undefined);
  if (mode === "form_post") {
    const inputs = entries.map(([k, v]) => `<input type="hidden" name="${esc(k)}" value="${esc(v)}">`).join("");
    return page(
      "Working...",
      `<form method="post" action="${esc(redirectUri)}">${inputs}<noscript><button class="primary">Continue</button></noscript></form><script>document.forms[0].submit()</script>`,
      { nav: false },
    );
  }
  const url = new URL(redirectUri);
  const target = mode === "fragment" ? new URLSearchParams() : url.searchParams;
  for (const [k, v] of entries) target.set(k, v);
  if (mode === "fragment") url.hash = target.toString();
  return redirect(url.toString());
}

function errorBack(
  req: SandboxRequest,
  redirectUri: string,
  q: Params,
  e: AadError,
  extra: Record<string, string> = {},
): SandboxResponse {
  const b = aadErrorBody(req, e);
  return back(req, redirectUri, q.get("response_mode"), {
    error: e.error,
    error_description: b.error_description,
    ...extra,
    error_uri: b.error_uri,
    state: q.get("state") ?? undefined,
  });
}

export function authorizePage(deps: IdentityDeps, req: SandboxRequest): SandboxResponse {
  const { q, form } = params(req);
  const checked = checkClient(deps, req, q);
  if ("status" in checked) return checked;
  const { app, redirectUri } = checked;
  const responseType = q.get("response_type");
  if (!responseType) return errorBack(req, redirectUri, q, AADSTS.missingParam("response_type"));
  if (responseType !== "code") return errorBack(req, redirectUri, q, AADSTS.unsupportedResponseType(responseType));
  const scope = q.get("scope");
  if (!scope) return errorBack(req, redirectUri, q, AADSTS.missingParam("scope"));
  const scopes = parseScopes(scope);
  const [unknownResource] = scopes.unknownResource;
  if (unknownResource !== undefined) return errorBack(req, redirectUri, q, AADSTS.invalidScope(unknownResource));
  const graphScopes = scopes.graphDefault
    ? app.delegatedScopes.filter((s) => !["openid", "profile", "email", "offline_access"].includes(s.toLowerCase()))
    : scopes.graph;
  const method = q.get("code_challenge_method") ?? (q.get("code_challenge") ? "plain" : undefined);
  if (method && method !== "S256" && method !== "plain") {
    return errorBack(req, redirectUri, q, {
      error: "invalid_request",
      code: 50148,
      message: `Invalid code_challenge_method '${method}'. Supported values are 'S256' and 'plain'.`,
    });
  }
  const prompt = q.get("prompt");
  const hint = q.get("login_hint");

  const issue = (user: DirectoryUser) => {
    const code = `1.${crypto.randomBytes(64).toString("base64url")}`;
    deps.codes.set(code, {
      clientId: app.clientId,
      redirectUri,
      userId: user.id,
      graphScopes,
      oidcScopes: scopes.oidc,
      codeChallenge: q.get("code_challenge") ?? undefined,
      codeChallengeMethod: method as "S256" | "plain" | undefined,
      nonce: q.get("nonce") ?? undefined,
      expiresAt: Date.now() + CODE_LIFETIME_MS,
      redeemed: false,
    });
    return back(req, redirectUri, q.get("response_mode"), {
      code,
      state: q.get("state") ?? undefined,
      session_state: crypto.randomUUID(),
    });
  };

  if (prompt === "none") {
    // No browser session exists in the sandbox: a silent request succeeds only with a login_hint
    // for a user who already consented. https://learn.microsoft.com/entra/identity-platform/v2-oauth2-auth-code-flow
    const user = hint ? deps.directory.findUser(hint) : undefined;
    if (!user) return errorBack(req, redirectUri, q, AADSTS.loginRequired());
    // A silent request cannot show the "account disabled" page: the app hears it needs interaction.
    if (user.accountEnabled === false)
      return errorBack(req, redirectUri, q, { ...AADSTS.userDisabled(), error: "interaction_required" });
    if (!hasAll(deps.directory.delegatedScopesGranted(app.clientId, user.id), graphScopes)) {
      return errorBack(req, redirectUri, q, AADSTS.consentRequired(app.clientId, app.displayName));
    }
    return issue(user);
  }

  if (form) {
    if (form.get("action") !== "accept")
      return errorBack(req, redirectUri, q, AADSTS.userDeclined(), { error_subcode: "cancel" });
    const user = deps.directory.findUser(form.get("user") ?? "");
    if (!user || user.kind !== "user")
      return renderSignIn(deps, req, q, app, graphScopes, scopes.oidc, "Pick an account to sign in with.");
    // Entra stops a disabled account on its own error page; the app gets no redirect at all.
    if (user.accountEnabled === false) {
      deps.log.info({ clientId: app.clientId, userId: user.id }, "sandbox sign-in refused: account disabled");
      return aadErrorPage(req, AADSTS.userDisabled());
    }
    deps.directory.grantDelegated(app.clientId, user.id, graphScopes);
    deps.log.info({ clientId: app.clientId, userId: user.id }, "sandbox user signed in and consented");
    return issue(user);
  }
  return renderSignIn(deps, req, q, app, graphScopes, scopes.oidc);
}

function renderSignIn(
  deps: IdentityDeps,
  req: SandboxRequest,
  q: Params,
  app: AppRegistration,
  graphScopes: string[],
  oidc: string[],
  problem?: string,
): SandboxResponse {
  return renderPicker(deps, req, q, {
    title: "Sign in and accept permissions",
    intro: `<strong>${esc(app.displayName)}</strong> (app ID <code>${esc(app.clientId)}</code>) wants to:`,
    permissions: [...oidc, ...graphScopes]
      .map((s) => `<li>${esc(describeScope(s))} <span class="muted">(${esc(s)})</span></li>`)
      .join(""),
    note: "Accepting lets the app use these permissions for the account you pick. You can revoke them on the App registrations page.",
    problem,
  });
}

interface PickerText {
  title: string;
  intro: string;
  permissions: string;
  note: string;
  problem?: string;
}

function renderPicker(deps: IdentityDeps, req: SandboxRequest, q: Params, t: PickerText): SandboxResponse {
  const hint = (q.get("login_hint") ?? "").toLowerCase();
  // The sign-in pages list the tenant's people, never room mailboxes.
  const users = deps.directory.users().filter((u) => u.kind === "user");
  const options = users
    .map((u, i) => {
      const checked = hint ? u.userPrincipalName.toLowerCase() === hint : i === 0;
      return `<label><input type="radio" name="user" value="${esc(u.id)}"${checked ? " checked" : ""}><span><strong>${esc(u.displayName)}</strong><br><span class="muted">${esc(u.userPrincipalName)}</span></span></label>`;
    })
    .join("");
  const action = esc(req.url.pathname);
  return page(
    t.title,
    `<div class="card narrow"><p class="muted">${esc(deps.directory.tenant.displayName)} · ${esc(deps.directory.tenant.domain)}</p><h1>${esc(t.title)}</h1>
${t.problem ? `<p class="bad">${esc(t.problem)}</p>` : ""}
<form method="post" action="${action}">
<input type="hidden" name="q" value="${esc(q.toString())}">
<h2>Pick an account</h2><div class="users">${options}</div>
<p>${t.intro}</p><ul class="scopes">${t.permissions}</ul>
<p class="muted">${esc(t.note)}</p>
<div class="row"><button class="primary" name="action" value="accept">Accept</button><button name="action" value="cancel">Cancel</button></div>
</form></div>`,
    { nav: false },
  );
}

export function adminConsentPage(deps: IdentityDeps, req: SandboxRequest): SandboxResponse {
  const { q, form } = params(req);
  const checked = checkClient(deps, req, q);
  if ("status" in checked) return checked;
  const { app, redirectUri } = checked;
  const tenant = deps.directory.tenantId;
  if (form) {
    if (form.get("action") !== "accept") {
      // The documented error response keeps admin_consent=True and tenant next to error/error_description.
      return errorBack(req, redirectUri, q, AADSTS.userDeclined(), { admin_consent: "True", tenant });
    }
    deps.directory.grantAdminConsent(app.clientId);
    deps.log.info({ clientId: app.clientId }, "sandbox admin consent granted");
    const granted = deps.directory
      .app(app.clientId)!
      .adminConsent.roles.map((r) => `https://graph.microsoft.com/${r}`)
      .join(" ");
    return back(req, redirectUri, null, {
      admin_consent: "True",
      tenant,
      state: q.get("state") ?? undefined,
      scope: granted || undefined,
    });
  }
  const perms = app.applicationPermissions
    .map(
      (p) => `<li>${esc(p)} <span class="muted">(Application: ${esc(describeScope(p))} in all mailboxes)</span></li>`,
    )
    .join("");
  return renderPicker(deps, req, q, {
    title: "Permissions requested — accept for your organization",
    intro: `<strong>${esc(app.displayName)}</strong> (app ID <code>${esc(app.clientId)}</code>) needs these application permissions in <strong>${esc(deps.directory.tenant.displayName)}</strong>:`,
    permissions: perms || "<li>No application permissions are configured.</li>",
    note: "As an administrator you grant these for the whole organization. Every account in the sandbox may act as an administrator.",
  });
}
