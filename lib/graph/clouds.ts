// National clouds: where the identity platform and Microsoft Graph live for each. The sandbox cloud
// is configuration (lib/env.ts) so a test or demo tenant is reached exactly like Microsoft.
import { env } from "@/lib/env";

export const CLOUDS = ["public", "usgov", "china", "sandbox"] as const;
export type Cloud = (typeof CLOUDS)[number];

export interface CloudEndpoints {
  /** https://login.microsoftonline.com (no trailing slash). */
  authorityHost: string;
  /** https://graph.microsoft.com/v1.0 (no trailing slash). */
  graphBaseUrl: string;
  /** The resource in scopes: `${graphResource}/.default`, `${graphResource}/Calendars.ReadWrite`. */
  graphResource: string;
  /** PEM file with the only CA to trust (sandbox); undefined: the normal public roots. */
  caFile?: string;
  /** MSAL must not run instance discovery against login.microsoftonline.com for this host. */
  knownAuthority: boolean;
}

let sandboxOverride: { authorityHost: string; graphBaseUrl: string; caFile: string } | undefined;

/** Point the sandbox cloud at a running sandbox (tests on a random port; start-up of the embedded one). */
export function configureSandboxCloud(
  ep: { authorityHost: string; graphBaseUrl: string; caFile: string } | undefined,
): void {
  sandboxOverride = ep
    ? { ...ep, authorityHost: ep.authorityHost.replace(/\/+$/, ""), graphBaseUrl: ep.graphBaseUrl.replace(/\/+$/, "") }
    : undefined;
}

// https://learn.microsoft.com/graph/deployments#microsoft-graph-and-graph-explorer-service-root-endpoints
export function cloudEndpoints(cloud: Cloud): CloudEndpoints {
  switch (cloud) {
    case "public":
      return {
        authorityHost: "https://login.microsoftonline.com",
        graphBaseUrl: "https://graph.microsoft.com/v1.0",
        graphResource: "https://graph.microsoft.com",
        knownAuthority: false,
      };
    case "usgov":
      return {
        authorityHost: "https://login.microsoftonline.us",
        graphBaseUrl: "https://graph.microsoft.us/v1.0",
        graphResource: "https://graph.microsoft.us",
        knownAuthority: true,
      };
    case "china":
      return {
        authorityHost: "https://login.chinacloudapi.cn",
        graphBaseUrl: "https://microsoftgraph.chinacloudapi.cn/v1.0",
        graphResource: "https://microsoftgraph.chinacloudapi.cn",
        knownAuthority: true,
      };
    case "sandbox":
      // The sandbox issues tokens for the public Graph audience, like a real tenant would.
      return {
        authorityHost: sandboxOverride?.authorityHost ?? env.sandboxAuthorityHost,
        graphBaseUrl: sandboxOverride?.graphBaseUrl ?? env.sandboxGraphBaseUrl,
        caFile: sandboxOverride?.caFile ?? env.sandboxCaFile,
        graphResource: "https://graph.microsoft.com",
        knownAuthority: true,
      };
  }
}

/** Scopes for delegated sign-in: openid + offline_access (refresh token) + the calendar permission. */
export function delegatedScopes(cloud: Cloud): string[] {
  const { graphResource } = cloudEndpoints(cloud);
  const calendars =
    graphResource === "https://graph.microsoft.com" ? "Calendars.ReadWrite" : `${graphResource}/Calendars.ReadWrite`;
  return ["openid", "offline_access", calendars];
}

export function appScopes(cloud: Cloud): string[] {
  return [`${cloudEndpoints(cloud).graphResource}/.default`];
}
