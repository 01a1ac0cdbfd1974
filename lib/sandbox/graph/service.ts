// The sandbox's Graph service as the rest of the sandbox sees it: Graph v1.0 itself (GraphService) plus
// the run-time controls tests, benchmarks and the operator UI use. Its own module so that the UI
// (ui/router.ts, ui/ops-pages.ts) can name the type without importing the service's implementation
// (index.ts), which imports the UI.
import type { GraphService } from "@/lib/sandbox/contracts";
import type { Core } from "./core";
import type { DeliveryLogEntry } from "./delivery";
import type { Faults } from "./faults";
import type { LifecycleEvent } from "./subscriptions";

/** GraphService plus run-time controls for tests, benchmarks and the UI. */
export interface SandboxGraphService extends GraphService {
  core: Core;
  getFaults(): Faults;
  setFaults(patch: Partial<Faults>): Faults;
  /** Every outstanding delta/skip token answers 410 SyncStateNotFound from now on. */
  expireDeltaTokens(): void;
  /** Sends a lifecycle notification now (subscriptionRemoved also deletes the subscription). */
  sendLifecycleEvent(subscriptionId: string, event: LifecycleEvent): boolean;
  deliveryLog(): DeliveryLogEntry[];
  /** Resolves once no notification is buffered or in flight (scheduled retries excluded). */
  deliveriesIdle(): Promise<void>;
}
