// @parley/server/testing: the scenario-test harness (real server, real sockets).
export { generateTestCertificate } from "./cert";
export type { TestCertificate } from "./cert";
export { mismatch, parseXml, toPredicate } from "./match";
export type { Matcher } from "./match";
export { SaslFailure, TestClient, strayMessages, syncAll } from "./test-client";
export type { TestClientOptions, TestTransport } from "./test-client";
export { startTestServer } from "./test-server";
export type { TestServer, TestServerOptions } from "./test-server";
