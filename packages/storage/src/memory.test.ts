import { describeStorageConformance } from "./conformance";
import { MemoryStorage } from "./memory";

describeStorageConformance(async () => new MemoryStorage(), { name: "MemoryStorage conformance" });
