export { createClients, vendorModes, type ClientOptions, type Clients, type Vendor, type VendorMode, type VendorModes } from "./clients";
export { ChaosSchema, SimLatencyScale, type Chaos } from "@/lib/sim";
