// HTTP for identity and Graph calls: undici with a per-cloud CA (the sandbox's local CA, never a
// global trust change) and msal's `system.networkClient` on top, logging the real cause of failures.
import fs from "node:fs";
import { Agent, fetch as undiciFetch } from "undici";
import type { INetworkModule, NetworkRequestOptions, NetworkResponse } from "@azure/msal-node";
import { log } from "@/lib/log";
import { IntegrationError } from "./errors";

const agents = new Map<string, Agent>();
const defaultAgent = new Agent();

/** The dispatcher for a cloud: trusts only `caFile` when given (sandbox), else the normal roots. */
export function dispatcherFor(caFile: string | undefined): Agent {
  if (!caFile) return defaultAgent;
  let ca: string;
  try {
    ca = fs.readFileSync(caFile, "utf8");
  } catch (e) {
    throw new IntegrationError(
      "network",
      `The sandbox CA file ${caFile} cannot be read: is the sandbox tenant running (SANDBOX_CA_FILE)?`,
      undefined,
      undefined,
      { cause: e },
    );
  }
  const key = `${caFile}\n${ca.length}:${ca.slice(-64)}`;
  let agent = agents.get(key);
  if (!agent) {
    agent = new Agent({ connect: { ca } });
    agents.set(key, agent);
  }
  return agent;
}

export function fetchWith(dispatcher: Agent): typeof undiciFetch {
  return (input: Parameters<typeof undiciFetch>[0], init?: Parameters<typeof undiciFetch>[1]) =>
    undiciFetch(input, { ...init, dispatcher });
}

/**
 * msal-node network module. msal reports every discovery / TLS failure as the same
 * `endpoints_resolution_error` (DESIGN §3), so the cause is logged here, without bodies.
 */
export function msalNetworkClient(dispatcher: Agent, scope: Record<string, unknown>): INetworkModule {
  const f = fetchWith(dispatcher);
  const call = async <T>(
    method: "GET" | "POST",
    url: string,
    options?: NetworkRequestOptions,
    timeout?: number,
  ): Promise<NetworkResponse<T>> => {
    let res;
    try {
      res = await f(url, {
        method,
        headers: options?.headers,
        body: method === "POST" ? options?.body : undefined,
        signal: AbortSignal.timeout(timeout ?? 15_000),
      });
    } catch (err) {
      const cause = (err as { cause?: { code?: string; message?: string } }).cause;
      log.warn(
        { ...scope, url: url.split("?")[0], method, cause: cause?.code ?? cause?.message ?? (err as Error).message },
        "identity request failed",
      );
      throw err;
    }
    const headers: Record<string, string> = {};
    res.headers.forEach((v, k) => {
      headers[k.toLowerCase()] = v;
    });
    const text = await res.text();
    let body: unknown = text;
    try {
      body = text ? JSON.parse(text) : {};
    } catch {
      log.warn({ ...scope, url: url.split("?")[0], status: res.status }, "identity endpoint answered non-JSON");
    }
    return { headers, body: body as T, status: res.status };
  };
  return {
    sendGetRequestAsync: (url, options, timeout) => call("GET", url, options, timeout),
    sendPostRequestAsync: (url, options) => call("POST", url, options),
  };
}
