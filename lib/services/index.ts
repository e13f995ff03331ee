import { availabilityService } from "./availability";
import { bookingService } from "./booking";
import type { ServiceName } from "./contracts";
import type { ServiceHandler } from "./envelope";
import { parseService } from "./parse";

/** Every service by name, for hosts that serve several (scripts/services.ts, tests). */
export const SERVICES: Partial<Record<ServiceName, ServiceHandler>> = {
  parse: parseService,
  availability: availabilityService,
  booking: bookingService,
};
