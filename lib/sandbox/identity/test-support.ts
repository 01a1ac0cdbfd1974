// Shared by the identity tests: what a rejected msal-node call rejected with, and a PKCE authorize URL.
import crypto from "node:crypto";
import { CryptoProvider, type ConfidentialClientApplication } from "@azure/msal-node";

/** The msal-node error a promise rejected with (errorCode such as invalid_grant, errorMessage with the AADSTS code). */
export async function msalRejection(p: Promise<unknown>): Promise<{ errorCode: string; errorMessage: string }> {
  try {
    await p;
  } catch (e) {
    return e as { errorCode: string; errorMessage: string };
  }
  throw new Error("expected a rejection");
}

/** An authorize URL with PKCE (S256), a fresh state and nonce, as an app builds it with msal-node. */
export async function pkceAuthorizeUrl(
  cca: ConfidentialClientApplication,
  scopes: string[],
  redirectUri: string,
): Promise<{ url: string; verifier: string; nonce: string; state: string }> {
  const { verifier, challenge } = await new CryptoProvider().generatePkceCodes();
  const nonce = crypto.randomUUID();
  const state = crypto.randomUUID();
  const url = await cca.getAuthCodeUrl({
    scopes,
    redirectUri,
    codeChallenge: challenge,
    codeChallengeMethod: "S256",
    state,
    nonce,
  });
  return { url, verifier, nonce, state };
}
