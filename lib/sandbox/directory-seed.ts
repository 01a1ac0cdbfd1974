// Seeds for a fresh sandbox tenant: "demo" (deterministic ids, realistic rooms, persisted) and
// "minimal" (2 users, 3 rooms, one consented app: fast, for tests).
import crypto from "node:crypto";
import type { DirectoryUser } from "./contracts";
import type { AppRegistration, AppSecret, DirectoryState } from "./directory-types";

/** A GUID derived from a label, so demo ids stay stable across restarts and machines. */
export function stableGuid(label: string): string {
  const h = crypto.createHash("sha256").update(`roomlink-sandbox:${label}`).digest();
  // A sha256 digest has 32 bytes: set the version (4) and variant (RFC 4122) bits.
  h.writeUInt8((h.readUInt8(6) & 0x0f) | 0x40, 6);
  h.writeUInt8((h.readUInt8(8) & 0x3f) | 0x80, 8);
  const x = h.subarray(0, 16).toString("hex");
  return `${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20, 32)}`;
}

/** Azure secret values look like `abc8Q~` + 34 characters; the hint is the first three. */
export function newSecret(displayName: string, endDateTime: Date): AppSecret {
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-.~";
  const pick = (n: number) => Array.from(crypto.randomBytes(n), (b) => alphabet[b % alphabet.length]).join("");
  const value = `${pick(3)}8Q~${pick(34)}`;
  return {
    keyId: crypto.randomUUID(),
    displayName,
    hint: value.slice(0, 3),
    value,
    startDateTime: new Date().toISOString(),
    endDateTime: endDateTime.toISOString(),
  };
}

interface RoomSeed {
  name: string;
  alias: string;
  capacity: number;
  building: string;
}

/** Demo rooms mirror Roomlink's own demo rooms (db/seed.ts), so mapping mailbox ↔ room reads
 * naturally; "Kantine" is a mailbox with no Roomlink room, as real tenants have. */
const DEMO_ROOMS: RoomSeed[] = [
  { name: "Zaal Amstel", alias: "zaal-amstel", capacity: 12, building: "Keizersgracht 1e verdieping" },
  { name: "Boardroom", alias: "boardroom", capacity: 10, building: "Keizersgracht 3e verdieping" },
  { name: "Focus 1", alias: "focus-1", capacity: 2, building: "Keizersgracht 2e verdieping" },
  { name: "Focus 2", alias: "focus-2", capacity: 2, building: "Keizersgracht 2e verdieping" },
  { name: "Auditorium", alias: "auditorium", capacity: 80, building: "Keizersgracht begane grond" },
  { name: "Projectruimte", alias: "projectruimte", capacity: 6, building: "Keizersgracht 2e verdieping" },
  { name: "Studio", alias: "studio", capacity: 4, building: "Keizersgracht souterrain" },
  { name: "Kantine", alias: "kantine", capacity: 40, building: "Keizersgracht begane grond" },
];

/** Minimal test tenants keep their own small, stable set. */
const MINIMAL_ROOMS: RoomSeed[] = [
  { name: "Aurora (Floor 2)", alias: "aurora", capacity: 8, building: "North Tower" },
  { name: "Borealis (Floor 2)", alias: "borealis", capacity: 4, building: "North Tower" },
  { name: "Cascade Boardroom", alias: "cascade", capacity: 20, building: "North Tower" },
];

const DEMO_USERS = [
  { name: "Adele Vance", alias: "adele" },
  { name: "Megan Bowen", alias: "megan" },
  { name: "Nestor Wilke", alias: "nestor" },
  { name: "Lidia Holloway", alias: "lidia" },
  { name: "Roomlink Sync (service account)", alias: "roomlink-sync" },
];

function user(salt: string, domain: string, alias: string, displayName: string, timeZone: string): DirectoryUser {
  const upn = `${alias}@${domain}`;
  return {
    id: stableGuid(`${salt}:user:${alias}`),
    userPrincipalName: upn,
    mail: upn,
    displayName,
    kind: "user",
    timeZone,
  };
}

export function roomUser(id: string, domain: string, r: RoomSeed, timeZone = "Europe/London"): DirectoryUser {
  const upn = `${r.alias}@${domain}`;
  // Exchange defaults for room mailboxes: AutoAccept once configured, AddOrganizerToSubject and
  // DeleteSubject on. https://learn.microsoft.com/powershell/module/exchange/set-calendarprocessing
  return {
    id,
    userPrincipalName: upn,
    mail: upn,
    displayName: r.name,
    kind: "room",
    capacity: r.capacity,
    building: r.building,
    autoAccept: true,
    addOrganizerToSubject: true,
    deleteSubject: true,
    timeZone,
  };
}

export function seedDirectory(
  kind: "demo" | "minimal",
  redirectUris: string[],
): { state: DirectoryState; secretValue: string } {
  // Demo ids are stable; minimal tenants get fresh ids so tokens of one test tenant never fit another.
  const salt = kind === "demo" ? "demo" : crypto.randomUUID();
  const domain = kind === "demo" ? "contoso.sandbox" : "fabrikam.sandbox";
  // The demo is a Dutch office (like Roomlink's demo rooms); test tenants stay on London time.
  const zone = kind === "demo" ? "Europe/Amsterdam" : "Europe/London";
  const users = (kind === "demo" ? DEMO_USERS : DEMO_USERS.slice(0, 2)).map((u) =>
    user(salt, domain, u.alias, u.name, zone),
  );
  const rooms = (kind === "demo" ? DEMO_ROOMS : MINIMAL_ROOMS).map((r) =>
    roomUser(stableGuid(`${salt}:room:${r.alias}`), domain, r, zone),
  );
  const secret = newSecret("Roomlink sandbox secret", new Date(Date.now() + 730 * 86_400_000));
  const app: AppRegistration = {
    clientId: stableGuid(`${salt}:app:roomlink`),
    objectId: stableGuid(`${salt}:appobj:roomlink`),
    servicePrincipalId: stableGuid(`${salt}:sp:roomlink`),
    displayName: "Roomlink",
    redirectUris: [...new Set(redirectUris)],
    secrets: [secret],
    delegatedScopes: ["openid", "profile", "offline_access", "User.Read", "Calendars.ReadWrite"],
    applicationPermissions: ["Calendars.ReadWrite"],
    adminConsent: { granted: true, roles: ["Calendars.ReadWrite"], grantedAt: new Date().toISOString() },
  };
  return {
    secretValue: secret.value,
    state: {
      version: 1,
      tenant: {
        id: stableGuid(`${salt}:tenant`),
        domain,
        displayName: kind === "demo" ? "Contoso (sandbox)" : "Fabrikam (sandbox)",
      },
      users: [...users, ...rooms],
      apps: [app],
      delegatedGrants: [],
      refreshTokens: [],
      accessPolicies: [],
      refreshTokensValidFrom: {},
    },
  };
}
