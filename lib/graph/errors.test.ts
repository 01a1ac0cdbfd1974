import { describe, expect, it } from "vitest";
import { GraphError } from "@microsoft/microsoft-graph-client";
import { ServerError, InteractionRequiredAuthError } from "@azure/msal-node";
import {
  AccessDeniedError,
  aadstsCode,
  adviceForOAuth,
  fromGraphError,
  fromMsalError,
  GraphRequestError,
  ReconnectRequiredError,
  ThrottledError,
} from "./errors";

describe("AADSTS → advice", () => {
  it.each([
    [65001, "no_consent"],
    [7000215, "secret_id_pasted"],
    [7000222, "secret_expired"],
    [50011, "redirect_mismatch"],
    [700082, "refresh_expired"],
    [50173, "refresh_expired"],
    [65004, "user_cancelled"],
    [90002, "unknown_tenant"],
  ])("AADSTS%i → %s", (code, advice) => {
    expect(adviceForOAuth("whatever", code)).toBe(advice);
  });

  it("falls back on the OAuth error when no code is known", () => {
    expect(adviceForOAuth("invalid_grant", undefined)).toBe("refresh_expired");
    expect(adviceForOAuth("access_denied", undefined)).toBe("user_cancelled");
    expect(adviceForOAuth("something_new", undefined)).toBe("unknown");
  });

  it("reads the code from error_codes, msal's errorNo, or a redirect's description prefix only", () => {
    expect(aadstsCode({ error_codes: [7000222, 1] })).toBe(7000222);
    expect(aadstsCode({ errorNo: "65001" })).toBe(65001);
    expect(aadstsCode({ error_description: "AADSTS65004: User declined to consent" })).toBe(65004);
    // A code mentioned somewhere in prose is not a code.
    expect(aadstsCode({ error_description: "Something about AADSTS65004 happened" })).toBeUndefined();
  });
});

describe("msal errors", () => {
  it("maps a wrong secret (secret ID pasted) to a reconnect with advice", () => {
    const e = fromMsalError(
      new ServerError("invalid_client", "corr", "Error(s): 7000215 - …", undefined, "7000215", 401),
    );
    expect(e).toBeInstanceOf(ReconnectRequiredError);
    expect(e.advice).toBe("secret_id_pasted");
    expect(e.aadsts).toBe(7000215);
    expect(e.message).not.toMatch(/corr/);
  });
  it("maps an expired secret and an idle refresh token", () => {
    expect(fromMsalError(new ServerError("invalid_client", "c", "", undefined, 7000222 as never)).advice).toBe(
      "secret_expired",
    );
    const ir = new InteractionRequiredAuthError("invalid_grant", "", "", "", "", "", "", 700082 as never);
    const e = fromMsalError(ir);
    expect(e).toBeInstanceOf(ReconnectRequiredError);
    expect(e.advice).toBe("refresh_expired");
  });
  it("reports discovery / TLS failures as network advice", () => {
    expect(fromMsalError({ errorCode: "endpoints_resolution_error" }).advice).toBe("network");
  });
});

describe("Graph errors", () => {
  const graphError = (status: number, code: string | null, headers?: Record<string, string>) => {
    const g = new GraphError(status, "msg");
    g.code = code;
    if (headers) g.headers = new Headers(headers);
    return g;
  };
  it("429 → ThrottledError with Retry-After", () => {
    const e = fromGraphError(graphError(429, "TooManyRequests", { "Retry-After": "17" }));
    expect(e).toBeInstanceOf(ThrottledError);
    expect((e as ThrottledError).retryAfter).toBe(17);
  });
  it("403 ErrorAccessDenied → AccessDeniedError naming the mailbox", () => {
    const e = fromGraphError(graphError(403, "ErrorAccessDenied"), "zaal-a@contoso.test");
    expect(e).toBeInstanceOf(AccessDeniedError);
    expect(e.advice).toBe("mailbox_access_denied");
    expect((e as AccessDeniedError).mailbox).toBe("zaal-a@contoso.test");
  });
  it("403 without ErrorAccessDenied → missing role advice", () => {
    expect(fromGraphError(graphError(403, "Authorization_RequestDenied")).advice).toBe("missing_role");
  });
  it("400 ValidationError on subscription create → webhook advice", () => {
    expect(fromGraphError(graphError(400, "ValidationError")).advice).toBe("webhook_unreachable");
  });
  it("401 → reconnect; 404 → GraphRequestError", () => {
    expect(fromGraphError(graphError(401, "InvalidAuthenticationToken"))).toBeInstanceOf(ReconnectRequiredError);
    const e = fromGraphError(graphError(404, "ErrorItemNotFound"));
    expect(e).toBeInstanceOf(GraphRequestError);
    expect((e as GraphRequestError).graphCode).toBe("ErrorItemNotFound");
  });
});

describe("typed errors keep their name and what they were made from", () => {
  it("names each class and keeps the SDK's or msal's error as cause", () => {
    const sdk = new GraphError(404, "The specified object was not found in the store.");
    sdk.code = "ErrorItemNotFound";
    const notFound = fromGraphError(sdk);
    expect(notFound).toBeInstanceOf(GraphRequestError);
    expect(notFound.name).toBe("GraphRequestError");
    expect(notFound.cause).toBe(sdk);
    const denied = fromGraphError(Object.assign(new GraphError(403), { code: "ErrorAccessDenied" }), "room@x");
    expect(denied).toMatchObject({ name: "AccessDeniedError", cause: expect.any(GraphError) as unknown });
    const msal = new InteractionRequiredAuthError("invalid_grant", "AADSTS700082: The refresh token has expired.");
    const reconnect = fromMsalError(msal);
    expect(reconnect).toBeInstanceOf(ReconnectRequiredError);
    expect(reconnect.name).toBe("ReconnectRequiredError");
    expect(reconnect.cause).toBe(msal);
    expect(new ThrottledError(5).name).toBe("ThrottledError");
  });
});
