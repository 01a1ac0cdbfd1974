// Scope parsing for the v2.0 endpoints: OIDC scopes, Graph permissions (bare names are Graph's, the
// default resource), and `/.default`. Only Microsoft Graph exists as a resource in the sandbox.
import { GRAPH_APP_ID, GRAPH_RESOURCE } from "./tokens";

export const OIDC_SCOPES = ["openid", "profile", "email", "offline_access"];

export interface ParsedScopes {
  oidc: string[];
  graph: string[];
  /** `https://graph.microsoft.com/.default` was asked for. */
  graphDefault: boolean;
  /** Scopes naming a resource the tenant does not have. */
  unknownResource: string[];
}

export function parseScopes(raw: string | null | undefined): ParsedScopes {
  const out: ParsedScopes = { oidc: [], graph: [], graphDefault: false, unknownResource: [] };
  for (const s of (raw ?? "").split(/\s+/).filter(Boolean)) {
    const lower = s.toLowerCase();
    if (OIDC_SCOPES.includes(lower)) {
      if (!out.oidc.includes(lower)) out.oidc.push(lower);
      continue;
    }
    let name = s;
    for (const prefix of [`${GRAPH_RESOURCE}/`, `${GRAPH_APP_ID}/`, "https://graph.microsoft.com//"]) {
      if (lower.startsWith(prefix.toLowerCase())) {
        name = s.slice(prefix.length);
        break;
      }
    }
    if (name.toLowerCase() === ".default") {
      out.graphDefault = true;
      continue;
    }
    if (name.includes("/") || name.includes(":")) {
      out.unknownResource.push(s);
      continue;
    }
    if (!out.graph.some((g) => g.toLowerCase() === name.toLowerCase())) out.graph.push(name);
  }
  return out;
}

export function hasAll(granted: string[], wanted: string[]): boolean {
  const g = new Set(granted.map((s) => s.toLowerCase()));
  return wanted.every((w) => g.has(w.toLowerCase()));
}

/** What the consent page says for each scope (Graph's admin/user consent display names). */
export function describeScope(scope: string): string {
  const known: Record<string, string> = {
    openid: "Sign you in",
    profile: "View your basic profile",
    email: "View your email address",
    offline_access: "Maintain access to data you have given it access to",
    "user.read": "Sign you in and read your profile",
    "calendars.readwrite": "Have full access to your calendars",
    "calendars.read": "Read your calendars",
    "calendars.readwrite.shared": "Read and write user and shared calendars",
    "place.read.all": "Read all company places",
    "user.read.all": "Read all users' full profiles",
    "user.readbasic.all": "Read all users' basic profiles",
    "directory.read.all": "Read directory data",
  };
  return known[scope.toLowerCase()] ?? scope;
}
