// Directory reads: /me, /users/{id|upn}, /users?$filter=, /places/microsoft.graph.room (paged),
// and /users/{id}/mailboxSettings (https://learn.microsoft.com/graph/api/resources/user).
import { hasMailbox, type DirectoryUser, type SandboxResponse } from "@/lib/sandbox/contracts";
import { type Call, type Core } from "./core";
import { applySelect } from "./event-json";
import { b64url, GraphError, jsonResponse } from "./http";
import { toWindows } from "./time-zones";

/** The user's default representation (what Graph returns without $select). */
export function userJson(u: DirectoryUser) {
  const [given, ...rest] = u.displayName.split(" ");
  return {
    businessPhones: [],
    displayName: u.displayName,
    givenName: u.kind === "room" ? null : given,
    jobTitle: u.jobTitle ?? null,
    // A user without an Exchange Online mailbox has no mail address: Graph says null.
    mail: hasMailbox(u) ? u.mail : null,
    mobilePhone: null,
    officeLocation: u.building ?? null,
    preferredLanguage: "en-US",
    surname: u.kind === "room" ? null : rest.join(" ") || null,
    userPrincipalName: u.userPrincipalName,
    id: u.id,
  };
}

/** Every property the sandbox models: the default set plus those only $select returns. */
export function userFullJson(u: DirectoryUser): Record<string, unknown> {
  return {
    ...userJson(u),
    // Room mailboxes' accounts are disabled in Entra (resource accounts never sign in).
    accountEnabled: u.accountEnabled ?? u.kind !== "room",
    department: u.department ?? null,
    // Users from seeds and state files before createdDateTime was kept: a fixed date, never null (Graph always has one).
    createdDateTime: u.createdDateTime ?? "2024-01-01T00:00:00Z",
    deletedDateTime: null,
    userType: "Member",
    mailNickname: u.userPrincipalName.split("@")[0],
    companyName: null,
    employeeId: null,
    otherMails: [],
    proxyAddresses: hasMailbox(u) ? [`SMTP:${u.mail}`] : [],
  };
}

/** $select over the full property set (id always comes along); none = the default representation. */
export function selectUser(u: DirectoryUser, select: string[] | undefined): Record<string, unknown> {
  const sel = select?.map((s) => s.trim()).filter(Boolean);
  return sel?.length ? applySelect(userFullJson(u), sel) : userJson(u);
}

export function getUser(call: Call, u: DirectoryUser): SandboxResponse {
  const sel = call.req.url.searchParams.get("$select")?.split(",");
  return jsonResponse(call.req, 200, {
    "@odata.context": `${call.base}/$metadata#users/$entity`,
    ...selectUser(u, sel),
  });
}

function userFilter(filter: string): (u: DirectoryUser) => boolean {
  const clauses = filter.split(/\s+or\s+/i).map((c) => {
    const [, eqField, eqValue] =
      /^\s*(mail|userPrincipalName|displayName|id)\s+eq\s+'((?:[^']|'')*)'\s*$/i.exec(c) ?? [];
    if (eqField !== undefined && eqValue !== undefined) {
      const field = eqField.toLowerCase();
      const v = eqValue.replace(/''/g, "'").toLowerCase();
      return (u: DirectoryUser) =>
        String(
          field === "mail"
            ? u.mail || "\u0000"
            : field === "userprincipalname"
              ? u.userPrincipalName
              : field === "id"
                ? u.id
                : u.displayName,
        ).toLowerCase() === v;
    }
    const [, swField, swValue] =
      /^\s*startswith\(\s*(mail|userPrincipalName|displayName)\s*,\s*'((?:[^']|'')*)'\s*\)\s*$/i.exec(c) ?? [];
    if (swField !== undefined && swValue !== undefined) {
      const field = swField.toLowerCase();
      const v = swValue.replace(/''/g, "'").toLowerCase();
      return (u: DirectoryUser) =>
        String(
          field === "mail" ? u.mail || "\u0000" : field === "userprincipalname" ? u.userPrincipalName : u.displayName,
        )
          .toLowerCase()
          .startsWith(v);
    }
    throw new GraphError(
      400,
      "Request_UnsupportedQuery",
      "Unsupported or invalid query filter clause specified for property of resource 'User'.",
    );
  });
  return (u) => clauses.some((f) => f(u));
}

function paged<T>(
  call: Call,
  items: T[],
  defaultSize: number,
  context: string,
  render: (t: T) => object,
): SandboxResponse {
  const sp = call.req.url.searchParams;
  const size = Math.min(999, Number(sp.get("$top") ?? defaultSize) || defaultSize);
  const skipRaw = sp.get("$skiptoken");
  const offset = skipRaw ? Number(b64url.decode(skipRaw)) || 0 : 0;
  const slice = items.slice(offset, offset + size);
  const body: Record<string, unknown> = {
    "@odata.context": `${call.base}/$metadata#${context}`,
    value: slice.map(render),
  };
  if (offset + size < items.length) {
    const next = new URL(call.req.url.toString());
    next.searchParams.set("$top", String(size));
    next.searchParams.set("$skiptoken", b64url.encode(String(offset + size)));
    body["@odata.nextLink"] = `${call.base}${next.pathname.replace(/^\/v1\.0/i, "")}${next.search}`;
  }
  return jsonResponse(call.req, 200, body);
}

export function listUsers(core: Core, call: Call): SandboxResponse {
  const filter = call.req.url.searchParams.get("$filter");
  let users = core.ctx.directory.users();
  if (filter) users = users.filter(userFilter(filter));
  const sel = call.req.url.searchParams.get("$select")?.split(",");
  return paged(call, users, 100, "users", (u) => selectUser(u, sel));
}

export function roomJson(u: DirectoryUser) {
  return {
    id: u.id,
    emailAddress: u.mail,
    displayName: u.displayName,
    address: null,
    geoCoordinates: null,
    phone: null,
    nickname: u.displayName,
    label: null,
    capacity: u.capacity ?? null,
    building: u.building ?? null,
    floorLabel: null,
    floorNumber: null,
    isWheelChairAccessible: false,
    bookingType: "standard",
    tags: [],
    audioDeviceName: null,
    videoDeviceName: null,
    displayDeviceName: null,
  };
}

export function listRooms(core: Core, call: Call): SandboxResponse {
  const rooms = core.ctx.directory.users().filter((u) => u.kind === "room");
  return paged(call, rooms, 100, "places/microsoft.graph.room", roomJson);
}

export function mailboxSettings(call: Call, u: DirectoryUser): SandboxResponse {
  return jsonResponse(call.req, 200, {
    "@odata.context": `${call.base}/$metadata#users('${u.id}')/mailboxSettings`,
    archiveFolder: null,
    timeZone: toWindows(u.timeZone),
    delegateMeetingMessageDeliveryOptions: "sendToDelegateOnly",
    dateFormat: "dd/MM/yyyy",
    timeFormat: "HH:mm",
    userPurpose: u.kind === "room" ? "room" : "user",
    automaticRepliesSetting: { status: "disabled", externalAudience: "all" },
    language: { locale: "en-US", displayName: "English (United States)" },
    workingHours: {
      daysOfWeek: ["monday", "tuesday", "wednesday", "thursday", "friday"],
      startTime: "08:00:00.0000000",
      endTime: "17:00:00.0000000",
      timeZone: { name: toWindows(u.timeZone) },
    },
  });
}
