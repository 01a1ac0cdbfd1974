// Routes of the sandbox identity platform: /{tenant}/... (metadata, JWKS, authorize, admin consent,
// token) and /common/discovery/instance. Tenants may be named by GUID, verified domain, or common.
import type { SandboxRequest, SandboxResponse } from "../contracts";
import { adminConsentPage, authorizePage } from "./authorize";
import type { IdentityDeps } from "./deps";
import { AADSTS, aadErrorResponse } from "./errors";
import { instanceDiscovery, jwks, openidConfiguration } from "./metadata";
import { tokenEndpoint } from "./token-endpoint";

export type { IdentityDeps } from "./deps";

/** undefined = not an identity route. */
export async function handleIdentity(deps: IdentityDeps, req: SandboxRequest): Promise<SandboxResponse | undefined> {
  const [tenantSegment, ...rest] = req.url.pathname.split("/").filter(Boolean);
  if (tenantSegment === undefined || rest.length === 0) return undefined;
  const route = rest.join("/");
  if (tenantSegment === "common" && route === "discovery/instance") return instanceDiscovery(req);
  if (tenantSegment === "common" && route === "discovery/keys") return jwks(deps.keys);
  const known = new Set([
    "v2.0/.well-known/openid-configuration",
    ".well-known/openid-configuration",
    "discovery/v2.0/keys",
    "discovery/keys",
    "oauth2/v2.0/authorize",
    "oauth2/v2.0/token",
    "v2.0/adminconsent",
    "adminconsent",
    "oauth2/v2.0/logout",
  ]);
  if (!known.has(route)) return undefined;
  const tenant = resolveTenant(deps, tenantSegment);
  if (!tenant) {
    // Unknown tenant: Microsoft answers 400 with AADSTS90002 on metadata and token alike.
    return aadErrorResponse(req, AADSTS.tenantNotFound(tenantSegment));
  }
  switch (route) {
    case "v2.0/.well-known/openid-configuration":
      return openidConfiguration(req, tenantSegment, tenant, "v2.0");
    case ".well-known/openid-configuration":
      return openidConfiguration(req, tenantSegment, tenant, "v1.0");
    case "discovery/v2.0/keys":
    case "discovery/keys":
      return jwks(deps.keys);
    case "oauth2/v2.0/token":
      return tokenEndpoint(deps, req, tenantSegment);
    case "oauth2/v2.0/authorize":
      return authorizePage(deps, req);
    case "v2.0/adminconsent":
    case "adminconsent":
      return adminConsentPage(deps, req);
    case "oauth2/v2.0/logout": {
      const target = req.url.searchParams.get("post_logout_redirect_uri");
      return target
        ? { status: 302, headers: { location: target } }
        : { status: 200, headers: { "content-type": "text/plain" }, body: "You signed out of your account." };
    }
  }
  return undefined;
}

/** GUID or verified domain of our tenant; common/organizations are served as our tenant. */
function resolveTenant(deps: IdentityDeps, segment: string): string | undefined {
  const t = deps.directory.tenant;
  const s = segment.toLowerCase();
  if (s === t.id || s === t.domain.toLowerCase() || s === "common" || s === "organizations") return t.id;
  return undefined;
}
