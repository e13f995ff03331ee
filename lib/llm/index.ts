export { createClients, vendorModes, type ClientOptions, type Clients, type VendorModes } from "./clients";
export { ChaosSchema, SimLatencyScale, type Chaos } from "@/lib/sim";
