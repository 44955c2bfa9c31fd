import { describeArchiveConformance } from "./conformance";
import { MemoryStorage } from "./memory";

describeArchiveConformance(async () => new MemoryStorage(), {
  name: "MemoryStorage archive conformance",
});
