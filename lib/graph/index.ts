// Identity (msal-node) and Graph client factory for integrations; typed errors with advice codes.
// The sync engine uses getGraphClient / graphCall / acquireToken and the error classes.
export {
  acquireToken,
  acquireTokenResult,
  forgetIdentity,
  msalClient,
  tokenClaims,
  authorityFor,
  type IdentityConfig,
} from "./identity";
export { getGraphClient, graphCall, IMMUTABLE_ID } from "./client";
export { cloudEndpoints, configureSandboxCloud, CLOUDS, delegatedScopes, appScopes, type Cloud } from "./clouds";
export * from "./errors";
