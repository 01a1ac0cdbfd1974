// What the app knows about the sandbox tenant, read over HTTP like any client would (lib/sandbox
// itself is never imported by app code). Secret values are never part of this answer.
import { env } from "@/lib/env";
import { log } from "@/lib/log";

export interface SandboxStatus {
  configured: boolean;
  reachable: boolean;
  origin: string;
  authority?: string;
  graphBaseUrl: string;
  tenant?: { id: string; domain: string; displayName: string };
  apps: {
    clientId: string;
    displayName: string;
    redirectUris: string[];
    adminConsent: boolean;
    secrets: { hint: string; endDateTime: string; expired: boolean }[];
  }[];
  users: { userPrincipalName: string; displayName: string }[];
  rooms: {
    userPrincipalName: string;
    displayName: string;
    capacity?: number;
    autoAccept?: boolean;
    addOrganizerToSubject?: boolean;
  }[];
  error?: string;
}

type StateUser = {
  userPrincipalName: string;
  displayName: string;
  kind: "user" | "room";
  capacity?: number;
  autoAccept?: boolean;
  addOrganizerToSubject?: boolean;
};
type StateApp = {
  clientId: string;
  displayName: string;
  redirectUris: string[];
  adminConsent?: { granted: boolean };
  secrets: { hint: string; endDateTime: string; expired: boolean }[];
};

export function sandboxOrigin(): string {
  return new URL(env.sandboxAuthorityHost).origin.replace(/^https:/, "http:");
}

export async function sandboxStatus(): Promise<SandboxStatus> {
  const origin = sandboxOrigin();
  const base: SandboxStatus = {
    configured: env.sandboxEmbedded,
    reachable: false,
    origin,
    graphBaseUrl: env.sandboxGraphBaseUrl,
    apps: [],
    users: [],
    rooms: [],
  };
  try {
    const res = await fetch(`${origin}/_sandbox/api/state`, { signal: AbortSignal.timeout(2000), cache: "no-store" });
    if (!res.ok) return { ...base, error: `The sandbox answered HTTP ${res.status}.` };
    const state = (await res.json()) as { tenant?: SandboxStatus["tenant"]; users: StateUser[]; apps: StateApp[] };
    return {
      ...base,
      reachable: true,
      tenant: state.tenant,
      authority: state.tenant ? `${env.sandboxAuthorityHost}/${state.tenant.id}` : undefined,
      apps: state.apps.map((a) => ({
        clientId: a.clientId,
        displayName: a.displayName,
        redirectUris: a.redirectUris,
        adminConsent: !!a.adminConsent?.granted,
        secrets: a.secrets.map((s) => ({ hint: s.hint, endDateTime: s.endDateTime, expired: s.expired })),
      })),
      users: state.users
        .filter((u) => u.kind === "user")
        .map((u) => ({ userPrincipalName: u.userPrincipalName, displayName: u.displayName })),
      rooms: state.users
        .filter((u) => u.kind === "room")
        .map(({ userPrincipalName, displayName, capacity, autoAccept, addOrganizerToSubject }) => ({
          userPrincipalName,
          displayName,
          capacity,
          autoAccept,
          addOrganizerToSubject,
        })),
    };
  } catch (err) {
    log.debug({ err }, "sandbox not reachable");
    return { ...base, error: `No sandbox tenant answers at ${origin}.` };
  }
}
