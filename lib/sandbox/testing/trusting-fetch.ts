// A fetch that trusts the sandbox's local CA and nothing global: for msal-node's networkClient and
// the Graph client's fetchOptions.dispatcher. Never NODE_TLS_REJECT_UNAUTHORIZED, never NODE_EXTRA_CA_CERTS.
import { Agent, fetch as undiciFetch } from "undici";
import type { INetworkModule, NetworkRequestOptions, NetworkResponse } from "@azure/msal-node";

export interface TrustingFetch {
  dispatcher: Agent;
  fetch: typeof undiciFetch;
  /** msal-node `system.networkClient`. */
  networkClient: INetworkModule;
  close(): Promise<void>;
}

export function trustingFetch(caPem: string): TrustingFetch {
  const dispatcher = new Agent({ connect: { ca: caPem } });
  const f = ((input: Parameters<typeof undiciFetch>[0], init?: Parameters<typeof undiciFetch>[1]) =>
    undiciFetch(input, { ...init, dispatcher })) as typeof undiciFetch;
  const call = async <T>(
    method: "GET" | "POST",
    url: string,
    options?: NetworkRequestOptions,
    timeout?: number,
  ): Promise<NetworkResponse<T>> => {
    const res = await f(url, {
      method,
      headers: options?.headers,
      body: method === "POST" ? options?.body : undefined,
      signal: timeout ? AbortSignal.timeout(timeout) : undefined,
    });
    const headers: Record<string, string> = {};
    res.headers.forEach((v, k) => {
      headers[k.toLowerCase()] = v;
    });
    const text = await res.text();
    let body: unknown = text;
    try {
      body = text ? JSON.parse(text) : {};
    } catch {
      /* not JSON: msal reports it */
    }
    return { headers, body: body as T, status: res.status };
  };
  return {
    dispatcher,
    fetch: f,
    networkClient: {
      sendGetRequestAsync: (url, options, timeout) => call("GET", url, options, timeout),
      sendPostRequestAsync: (url, options) => call("POST", url, options),
    },
    close: () => dispatcher.close(),
  };
}
