// Graph-side token verification (what SandboxContext.verifyAccessToken answers): caller shape for
// delegated and app tokens, and Graph's InvalidAuthenticationToken descriptions for bad ones.
import { afterEach, describe, expect, it, vi } from "vitest";
import type { DirectoryUser } from "../contracts";
import { issueAccessToken, loadSigningKeys, verifyGraphToken } from "./tokens";

const TID = "0f0e0d0c-0000-4000-8000-000000000001";
const user: DirectoryUser = {
  id: "1a2b3c4d-0000-4000-8000-000000000002",
  userPrincipalName: "a@x.sandbox",
  mail: "a@x.sandbox",
  displayName: "A",
  kind: "user",
  timeZone: "UTC",
};
const app = {
  tenantId: TID,
  clientId: "5e5e5e5e-0000-4000-8000-000000000003",
  appDisplayName: "T",
  servicePrincipalId: "6f6f6f6f-0000-4000-8000-000000000004",
};

afterEach(() => {
  vi.useRealTimers();
});

describe("verifyGraphToken", () => {
  it("turns delegated and app tokens into callers", async () => {
    const keys = await loadSigningKeys();
    const delegated = await verifyGraphToken(
      keys,
      TID,
      `Bearer ${await issueAccessToken(keys, { ...app, user, scopes: ["Calendars.ReadWrite", "User.Read"] })}`,
    );
    expect(delegated).toEqual({
      kind: "delegated",
      tenantId: TID,
      appId: app.clientId,
      userId: user.id,
      scopes: ["Calendars.ReadWrite", "User.Read"],
      roles: [],
    });
    const appOnly = await verifyGraphToken(
      keys,
      TID,
      `Bearer ${await issueAccessToken(keys, { ...app, roles: ["Calendars.ReadWrite"] })}`,
    );
    expect(appOnly).toEqual({
      kind: "application",
      tenantId: TID,
      appId: app.clientId,
      userId: undefined,
      scopes: [],
      roles: ["Calendars.ReadWrite"],
    });
  });

  it("answers Graph's descriptions for missing, expired, foreign-tenant and garbage tokens", async () => {
    const keys = await loadSigningKeys();
    const token = await issueAccessToken(keys, { ...app, roles: [] });
    expect(await verifyGraphToken(keys, TID, undefined)).toEqual({
      error: "InvalidAuthenticationToken",
      description: "Access token is empty.",
    });
    expect(await verifyGraphToken(keys, TID, "Bearer not.a.jwt")).toMatchObject({
      error: "InvalidAuthenticationToken",
    });
    expect(await verifyGraphToken(keys, "ffffffff-0000-4000-8000-000000000000", `Bearer ${token}`)).toMatchObject({
      description: "Access token validation failure. Invalid issuer.",
    });
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(Date.now() + 2 * 3600_000);
    expect(await verifyGraphToken(keys, TID, `Bearer ${token}`)).toEqual({
      error: "InvalidAuthenticationToken",
      description: "Lifetime validation failed, the token is expired.",
    });
  });
});
