// Test helpers for everything that talks to the sandbox: a fresh memory-only tenant on a random
// port, plus msal-node and Graph clients wired to trust its CA (and nothing else) over real HTTP.
import { ConfidentialClientApplication, LogLevel, type Configuration } from "@azure/msal-node";
import { Client, type AuthenticationProvider } from "@microsoft/microsoft-graph-client";
import { log } from "@/lib/log";
import { startSandbox, type SandboxHandle, type SandboxOptions } from "../server";
import { trustingFetch, type TrustingFetch } from "./trusting-fetch";

export { trustingFetch, type TrustingFetch } from "./trusting-fetch";

export interface TestSandbox extends SandboxHandle {
  http: TrustingFetch;
  /** msal-node confidential client for the seeded app (override clientId/secret/authority as needed). */
  msalConfidentialClient(overrides?: {
    clientId?: string;
    clientSecret?: string;
    authority?: string;
  }): ConfidentialClientApplication;
  /** Graph client on the sandbox's Graph base URL; the token provider returns a bearer token. */
  graphClient(tokenProvider: () => Promise<string>): Client;
  /** Client-credentials token for the seeded app, via msal (application permissions). */
  appToken(): Promise<string>;
  /** directory.expireAccessTokens(), then wait until tokens issued from now on are accepted. */
  expireAccessTokens(): Promise<void>;
}

export async function startTestSandbox(opts: Omit<SandboxOptions, "port" | "stateDir"> = {}): Promise<TestSandbox> {
  const handle = await startSandbox({ seed: "minimal", timeScale: 0.001, ...opts, port: 0 });
  const http = trustingFetch(handle.caPem);
  const host = new URL(handle.authorityHost).host;
  const msalConfidentialClient = (o: { clientId?: string; clientSecret?: string; authority?: string } = {}) => {
    const config: Configuration = {
      auth: {
        clientId: o.clientId ?? handle.clientId,
        clientSecret: o.clientSecret ?? handle.clientSecret,
        authority: o.authority ?? handle.authority,
        // host:port, so msal skips instance discovery against login.microsoftonline.com.
        knownAuthorities: [host],
      },
      system: {
        networkClient: http.networkClient,
        loggerOptions: {
          logLevel: LogLevel.Warning,
          piiLoggingEnabled: false,
          loggerCallback: (level, message) => {
            if (level <= LogLevel.Warning) log.debug({ area: "msal" }, message);
          },
        },
      },
    };
    return new ConfidentialClientApplication(config);
  };
  const graphClient = (tokenProvider: () => Promise<string>) => {
    const authProvider: AuthenticationProvider = { getAccessToken: tokenProvider };
    return Client.initWithMiddleware({
      authProvider,
      baseUrl: `${handle.authorityHost}/`,
      // Bare hostname: with a port the client silently skips the Authorization header (DESIGN §3).
      customHosts: new Set([new URL(handle.authorityHost).hostname]),
      fetchOptions: { dispatcher: http.dispatcher } as RequestInit,
    });
  };
  const cca = msalConfidentialClient();
  // After expireAccessTokens() the cached app token is refused too: fetch a new one once.
  let skipCache = false;
  const appToken = async () => {
    const r = await cca.acquireTokenByClientCredential({ scopes: ["https://graph.microsoft.com/.default"], skipCache });
    skipCache = false;
    if (!r?.accessToken) throw new Error("sandbox: no client-credentials token");
    return r.accessToken;
  };
  return {
    ...handle,
    http,
    msalConfidentialClient,
    graphClient,
    appToken,
    async expireAccessTokens() {
      const from = handle.directory.expireAccessTokens();
      await new Promise((r) => setTimeout(r, Math.max(0, from.getTime() - Date.now() + 5)));
      skipCache = true;
    },
    async close() {
      await handle.close();
      await http.close();
    },
  };
}

export { consentInBrowser, type ConsentResult } from "./browser";
