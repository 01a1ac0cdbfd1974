// What reaches the log: error codes stay (a refused connection, a Postgres unique violation, a Graph
// error code), secrets logged under their usual names vanish wherever they sit.
import net from "node:net";
import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { fromGraphError } from "@/lib/graph/errors";
import { createLogger } from "./index";
import { must } from "@/lib/invariant";

function capture() {
  const lines: string[] = [];
  const dest = new Writable({
    write(chunk, _enc, done) {
      lines.push(String(chunk));
      done();
    },
  });
  return {
    logger: createLogger(dest, "info"),
    text: () => lines.join(""),
    json: () => lines.map((l) => JSON.parse(l) as Record<string, unknown>),
  };
}

/** A real ECONNREFUSED from the kernel: connect to a port nothing listens on. */
async function refused(): Promise<NodeJS.ErrnoException> {
  const server = net.createServer();
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
  const port = (server.address() as net.AddressInfo).port;
  await new Promise<void>((r) => server.close(() => r()));
  return new Promise((resolve) => net.connect(port, "127.0.0.1").on("error", (e) => resolve(e)));
}

describe("log redaction", () => {
  it("keeps error codes: ECONNREFUSED, SQLSTATE and Graph's code", async () => {
    const c = capture();
    const conn = await refused();
    expect(conn.code).toBe("ECONNREFUSED");
    c.logger.error({ err: conn }, "database unreachable");
    c.logger.error(
      {
        err: Object.assign(new Error('duplicate key value violates unique constraint "jobs_pending_key_uq"'), {
          code: "23505",
        }),
      },
      "insert failed",
    );
    const graph = fromGraphError({ statusCode: 403, code: "ErrorAccessDenied" }, "room@x.test");
    c.logger.warn(
      { err: graph, graphCode: (graph as { graphCode?: string }).graphCode, cause: { code: "ErrorAccessDenied" } },
      "denied",
    );
    const [a, b, g] = c.json();
    expect((must(a, "first line").err as { code: string }).code).toBe("ECONNREFUSED");
    expect((must(b, "second line").err as { code: string }).code).toBe("23505");
    expect(must(g, "third line").graphCode).toBe("ErrorAccessDenied");
    expect((must(g, "third line").cause as { code: string }).code).toBe("ErrorAccessDenied");
    expect(c.text()).not.toContain("[redacted]");
  });

  it("drops secrets logged under their names, at any depth", () => {
    const c = capture();
    const secrets = {
      clientSecret: "s3cr3t-client-value",
      refresh: "0.AAAA-refresh-token-value",
      access: "eyJhbGciOi.access.token",
      state: "client-state-value",
      cookie: "next-auth.session-token=cookie-value",
      auth: "Bearer bearer-value",
      code: "M.R3_BAY.oauth-code-value",
      pw: "hunter2-password",
    };
    const err = Object.assign(
      new Error("token request failed", {
        cause: {
          request: { body: { refresh_token: secrets.refresh, client_secret: secrets.clientSecret } },
          response: { access_token: secrets.access },
        },
      }),
      { code: "invalid_grant" },
    );
    c.logger.warn({ err }, "refresh failed");
    c.logger.info(
      {
        integration: { clientSecret: secrets.clientSecret, tokenCacheSealed: "sealed" },
        notification: { clientState: secrets.state },
      },
      "saved",
    );
    c.logger.info(
      { req: { headers: { Authorization: secrets.auth, cookie: secrets.cookie, "set-cookie": secrets.cookie } } },
      "request",
    );
    c.logger.info(
      { fetch: { headers: new Headers({ authorization: secrets.auth, "content-type": "text/plain" }) } },
      "fetch",
    );
    c.logger.info(
      { redirect: { query: { code: secrets.code, state: "abc" } }, user: { password: secrets.pw } },
      "redirect",
    );
    const text = c.text();
    for (const v of Object.values(secrets)) expect(text).not.toContain(v);
    expect(text).not.toContain('sealed"');
    // The surrounding facts stay: the error's own code, the OAuth state, the messages.
    const [refreshLine, , , , redirectLine] = c.json();
    expect((refreshLine!.err as { code: string }).code).toBe("invalid_grant");
    expect((redirectLine!.redirect as { query: { state: string } }).query.state).toBe("abc");
  });
});
