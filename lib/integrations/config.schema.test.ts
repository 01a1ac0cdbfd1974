import { describe, expect, it } from "vitest";
import { authSchema } from "./auth.schema";
import { generalSchema, inboundSchema } from "./config.schema";
import { must } from "@/lib/invariant";

const id = "0b6f1d8e-2c4a-4f7e-9a1b-3c5d7e9f1a2b";
const room = "1c7e2f9a-3d5b-4e8f-8b2c-4d6e8f0a2b3c";
const status = "2d8f3a0b-4e6c-4f9a-9c3d-5e7f9a1b3c4d";

describe("authSchema", () => {
  const base = {
    id,
    name: "Outlook",
    cloud: "public",
    mode: "delegated",
    tenantId: id,
    clientId: id,
    clientSecret: "",
    clientSecretExpiresOn: "",
  } as const;
  it("accepts a GUID or a verified domain as tenant", () => {
    expect(authSchema.safeParse(base).success).toBe(true);
    expect(authSchema.safeParse({ ...base, tenantId: "contoso.onmicrosoft.com" }).success).toBe(true);
    expect(authSchema.safeParse({ ...base, tenantId: "not a tenant" }).error?.issues[0]?.message).toBe(
      "err.tenantFormat",
    );
  });
  it("checks the client id is a GUID", () => {
    expect(authSchema.safeParse({ ...base, clientId: "my-app" }).error?.issues[0]).toMatchObject({
      path: ["clientId"],
      message: "err.guidFormat",
    });
  });
  it("refuses a secret ID (a GUID) pasted as the secret value", () => {
    expect(authSchema.safeParse({ ...base, clientSecret: id }).error?.issues[0]).toMatchObject({
      path: ["clientSecret"],
      message: "err.secretLooksLikeId",
    });
    expect(authSchema.safeParse({ ...base, clientSecret: "Abc8Q~some.secret-value_0123456789" }).success).toBe(true);
  });
});

describe("generalSchema", () => {
  const base = {
    id,
    bookingIdField: "external_id",
    templateId: "",
    createTeamsLink: true,
    teamsLinkField: "teams_link",
    useCustomerData: false,
    createOnStatusIds: [status],
    deleteOnStatusIds: [],
    problemEmail: "",
  };
  it("accepts the defaults and validates the problem e-mail", () => {
    expect(generalSchema.safeParse(base).success).toBe(true);
    expect(generalSchema.safeParse({ ...base, problemEmail: "nope" }).error?.issues[0]).toMatchObject({
      path: ["problemEmail"],
      message: "err.email",
    });
  });
  it("refuses the same status for create and delete, and the Teams link in the booking id field", () => {
    expect(generalSchema.safeParse({ ...base, deleteOnStatusIds: [status] }).error?.issues[0]?.path).toEqual([
      "deleteOnStatusIds",
    ]);
    expect(generalSchema.safeParse({ ...base, teamsLinkField: "external_id" }).error?.issues[0]?.message).toBe(
      "err.sameField",
    );
    expect(generalSchema.safeParse({ ...base, bookingIdField: "External Id" }).error?.issues[0]?.message).toBe(
      "err.fieldName",
    );
  });
});

describe("inboundSchema", () => {
  const base = {
    id,
    mode: "application",
    rooms: [],
    inboundRoomId: "",
    inboundStatusId: status,
    inboundStatusWithCustomerId: "",
    lockUpdateStatusIds: [],
    lockDeleteStatusIds: [],
    allowBookingUpdate: true,
    ignoreValidationOnUpdate: false,
  } as const;
  it("needs the inbound object in delegated mode", () => {
    expect(inboundSchema.safeParse({ ...base, mode: "delegated" }).error?.issues[0]).toMatchObject({
      path: ["inboundRoomId"],
      message: "err.inboundRoomRequired",
    });
    expect(inboundSchema.safeParse({ ...base, mode: "delegated", inboundRoomId: room }).success).toBe(true);
  });
  it("checks UPN format and refuses duplicates case-insensitively, on the row's field", () => {
    const r = inboundSchema.safeParse({
      ...base,
      rooms: [
        { mailboxUpn: "ZaalA@contoso.com", roomId: room },
        { mailboxUpn: "zaala@contoso.com", roomId: room },
        { mailboxUpn: "zaal b", roomId: room },
      ],
    });
    const issues = must(r.error, "validation error").issues.map((i) => [i.path.join("."), i.message]);
    expect(issues).toContainEqual(["rooms.1.mailboxUpn", "err.duplicateUpn"]);
    expect(issues).toContainEqual(["rooms.2.mailboxUpn", "err.upnFormat"]);
  });
  it("takes room mailboxes in delegated mode too: a mailbox once, a room once", () => {
    const other = "4f1c2b8e-9d3a-4e5f-8a7b-1c2d3e4f5a6b";
    const rows = [
      { mailboxUpn: "zaal-a@contoso.com", roomId: room },
      { mailboxUpn: "zaal-b@contoso.com", roomId: other },
    ];
    expect(inboundSchema.safeParse({ ...base, mode: "delegated", inboundRoomId: room, rooms: rows }).success).toBe(
      true,
    );
    const r = inboundSchema.safeParse({
      ...base,
      mode: "delegated",
      inboundRoomId: room,
      rooms: [
        ...rows,
        { mailboxUpn: "zaal-c@contoso.com", roomId: room },
        { mailboxUpn: "ZAAL-A@contoso.com", roomId: other },
      ],
    });
    const issues = must(r.error, "validation error").issues.map((i) => [i.path.join("."), i.message]);
    expect(issues).toEqual([
      ["rooms.2.roomId", "err.duplicateRoom"],
      ["rooms.3.mailboxUpn", "err.duplicateUpn"],
      ["rooms.3.roomId", "err.duplicateRoom"],
    ]);
  });
  it("validates 1,000 rows quickly", () => {
    const rows = Array.from({ length: 1000 }, (_, i) => ({
      mailboxUpn: `room-${i}@contoso.onmicrosoft.com`,
      roomId: room,
    }));
    const started = performance.now();
    expect(inboundSchema.safeParse({ ...base, rooms: rows }).success).toBe(true);
    expect(performance.now() - started).toBeLessThan(200);
  });
});
