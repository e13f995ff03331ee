import type { RunChaos } from "@/lib/patterns/options";
import type { PatternId } from "@/lib/patterns/types";

/** The faults an evaluation crosses with every pattern, in the order the matrix shows them. */
export const FAULTS = [
  "none",
  "malformedJson",
  "hallucinatedSlot",
  "vendor429",
  "vendor500",
  "timeout",
  "slowModel",
  "serviceDown",
] as const;
export type Fault = (typeof FAULTS)[number];

export const FAULT_LABELS: Record<Fault, string> = {
  none: "No fault",
  malformedJson: "Malformed JSON",
  hallucinatedSlot: "Hallucinated slot",
  vendor429: "429 once",
  vendor500: "500 twice",
  timeout: "Timeout",
  slowModel: "Slow model",
  serviceDown: "Service down",
};

/** The service each services pattern loses under `serviceDown`: the one that books, so a booking cannot land. */
const SERVICE_DOWN: Partial<Record<PatternId, NonNullable<RunChaos["serviceDown"]>>> = { C: ["booking"], G: ["booking-agent"] };

/** A fault as the run options carry it (every turn of a case gets it): none for no fault, null where it does not apply (a service down outside C and G). */
export function faultChaos(fault: Fault, pattern: PatternId): RunChaos | undefined | null {
  switch (fault) {
    case "none":
      return undefined;
    case "malformedJson":
      return { malformedJson: true };
    case "hallucinatedSlot":
      return { hallucinatedSlot: true };
    case "vendor429":
      return { vendorError: { status: 429, times: 1 } };
    case "vendor500":
      return { vendorError: { status: 500, times: 2 } };
    case "timeout":
      return { vendorError: { status: "timeout", times: 1 } };
    case "slowModel":
      return { slowModel: true };
    case "serviceDown":
      return SERVICE_DOWN[pattern] ? { serviceDown: SERVICE_DOWN[pattern] } : null;
  }
}
