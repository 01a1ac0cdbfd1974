// OpenID Connect discovery as the Microsoft identity platform serves it: v2.0 and v1.0 openid
// configuration, JWKS, and MSAL's instance discovery. https://learn.microsoft.com/entra/identity-platform/v2-protocols-oidc
import type { SandboxRequest, SandboxResponse } from "../contracts";
import type { SigningKeys } from "./tokens";

const JSON_HEADERS = {
  "content-type": "application/json; charset=utf-8",
  "cache-control": "max-age=86400, private",
  "access-control-allow-origin": "*",
};

/** Back channel (https) and browser (http) origins for the host the client used. */
export function origins(req: SandboxRequest) {
  const host = req.url.host;
  return { https: `https://${host}`, http: `http://${host}` };
}

export function openidConfiguration(
  req: SandboxRequest,
  tenantSegment: string,
  tenantId: string,
  version: "v2.0" | "v1.0",
): SandboxResponse {
  const o = origins(req);
  // The issuer must share scheme and host with the authority MSAL was given (DESIGN §3): so it is
  // https://localhost:PORT/{tid}/v2.0 where Microsoft says https://login.microsoftonline.com/{tid}/v2.0.
  const v2 = version === "v2.0";
  const base = `${o.https}/${tenantSegment}`;
  const body = {
    token_endpoint: v2 ? `${base}/oauth2/v2.0/token` : `${base}/oauth2/token`,
    token_endpoint_auth_methods_supported: ["client_secret_post", "private_key_jwt", "client_secret_basic"],
    jwks_uri: v2 ? `${o.https}/${tenantSegment}/discovery/v2.0/keys` : `${o.https}/common/discovery/keys`,
    response_modes_supported: ["query", "fragment", "form_post"],
    subject_types_supported: ["pairwise"],
    id_token_signing_alg_values_supported: ["RS256"],
    response_types_supported: ["code", "id_token", "code id_token", "id_token token"],
    scopes_supported: ["openid", "profile", "email", "offline_access"],
    issuer: v2 ? `${o.https}/${tenantId}/v2.0` : `${o.https}/${tenantId}/`,
    request_uri_parameter_supported: false,
    userinfo_endpoint: `${o.https}/oidc/userinfo`,
    // Plain http on the same port: the browser never meets the local CA.
    authorization_endpoint: v2
      ? `${o.http}/${tenantSegment}/oauth2/v2.0/authorize`
      : `${o.http}/${tenantSegment}/oauth2/authorize`,
    device_authorization_endpoint: `${base}/oauth2/v2.0/devicecode`,
    http_logout_supported: true,
    frontchannel_logout_supported: true,
    end_session_endpoint: `${o.http}/${tenantSegment}/oauth2/v2.0/logout`,
    claims_supported: [
      "sub",
      "iss",
      "cloud_instance_name",
      "cloud_instance_host_name",
      "cloud_graph_host_name",
      "msgraph_host",
      "aud",
      "exp",
      "iat",
      "auth_time",
      "acr",
      "nonce",
      "preferred_username",
      "name",
      "tid",
      "ver",
      "at_hash",
      "c_hash",
      "email",
    ],
    kerberos_endpoint: `${base}/kerberos`,
    tenant_region_scope: "EU",
    cloud_instance_name: "microsoftonline.com",
    cloud_graph_host_name: "graph.windows.net",
    msgraph_host: "graph.microsoft.com",
    rbac_url: "https://pas.windows.net",
  };
  return { status: 200, headers: JSON_HEADERS, body };
}

export function jwks(keys: SigningKeys): SandboxResponse {
  return { status: 200, headers: JSON_HEADERS, body: { keys: [keys.jwk] } };
}

/** GET /common/discovery/instance?api-version=1.1&authorization_endpoint=... */
export function instanceDiscovery(req: SandboxRequest): SandboxResponse {
  const o = origins(req);
  let tenant = "common";
  const ae = req.url.searchParams.get("authorization_endpoint");
  if (ae) {
    try {
      tenant = new URL(ae).pathname.split("/").filter(Boolean)[0] ?? "common";
    } catch {
      /* keep common */
    }
  }
  const host = req.url.host;
  return {
    status: 200,
    headers: JSON_HEADERS,
    body: {
      tenant_discovery_endpoint: `${o.https}/${tenant}/v2.0/.well-known/openid-configuration`,
      "api-version": "1.1",
      metadata: [{ preferred_network: host, preferred_cache: host, aliases: [host] }],
    },
  };
}
