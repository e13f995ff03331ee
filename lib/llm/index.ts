export { createClients, vendorModes, type ClientOptions, type Clients } from "./clients";
export { ChaosSchema, SimLatencyScale } from "@/lib/sim";
