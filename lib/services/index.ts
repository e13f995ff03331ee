import { availabilityService } from "./availability";
import { availabilityAgentService } from "./availability-agent";
import { bookingService } from "./booking";
import { bookingAgentService } from "./booking-agent";
import type { ServiceName } from "./contracts";
import type { ServiceHandler } from "./envelope";
import { parseService } from "./parse";

/** Every service by name, for hosts that serve several (scripts/services.ts, tests). */
export const SERVICES: Record<ServiceName, ServiceHandler> = {
  parse: parseService,
  availability: availabilityService,
  booking: bookingService,
  "availability-agent": availabilityAgentService,
  "booking-agent": bookingAgentService,
};
