/**
 * Every service of C and G by name, for hosts that serve several (scripts/services.ts, tests,
 * benchmarks); the app's /api/services/{name} routes each serve one. Here, outside lib/services, so
 * the transport never depends on the patterns that use it.
 */
import type { ServiceContract } from "@/lib/services/contract";
import type { ServiceHandler } from "@/lib/services/envelope";
import { availabilityService } from "./c/availability";
import { bookingService } from "./c/booking";
import { AVAILABILITY, BOOKING, PARSE } from "./c/contracts";
import { parseService } from "./c/parse";
import { availabilityAgentService } from "./g/availability-agent";
import { bookingAgentService } from "./g/booking-agent";
import { AVAILABILITY_AGENT, BOOKING_AGENT } from "./g/contracts";
import type { STOPPABLE_SERVICES } from "./types";

export type ServiceName = (typeof STOPPABLE_SERVICES)[number];

export const SERVICES: Record<ServiceName, ServiceHandler> = {
  parse: parseService,
  availability: availabilityService,
  booking: bookingService,
  "availability-agent": availabilityAgentService,
  "booking-agent": bookingAgentService,
};

export const CONTRACTS: Record<ServiceName, ServiceContract> = {
  parse: PARSE,
  availability: AVAILABILITY,
  booking: BOOKING,
  "availability-agent": AVAILABILITY_AGENT,
  "booking-agent": BOOKING_AGENT,
};

export const SERVICE_NAMES = Object.keys(SERVICES) as ServiceName[];
