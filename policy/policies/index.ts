import type { PolicyDefinition } from "../define-policy.js";
import { statefulResourcesProtected } from "./stateful-resources-protected.js";

/** Every policy of the pack, in the order the pack registers them. */
export const POLICIES: readonly PolicyDefinition[] = [statefulResourcesProtected];
