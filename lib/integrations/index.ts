// Integration services for the rest of the app (the sync engine, jobs): subscriptions, problems,
// diagnostics checks and state. Screens use ./actions (server actions) and ./queries.
export { getIntegration, findIntegration, returnUrl, setState } from "./service";
export {
  createSubscription,
  renewSubscription,
  recreateSubscription,
  reauthorizeSubscription,
  deleteSubscription,
  deleteAllSubscriptions,
  listSubscriptions,
  expiringSubscriptions,
  findSubscriptionByGraphId,
  touchSubscriptions,
  verifyClientState,
  subscriptionUrls,
  resourceFor,
  MAX_LIFETIME_MINUTES,
} from "./subscriptions";
export { raiseProblem, resolveProblems, openProblems, recordIntegrationFailure } from "./problems";
export { checkSecretExpiry, checkConnection, runRoomChecks } from "./diagnostics";
export { activate, deactivate, JOB_INITIAL_SYNC } from "./lifecycle";
