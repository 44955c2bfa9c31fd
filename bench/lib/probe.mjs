// Waits until a server answers a stream header on its c2s port, and returns the stream features
// it offers there (to see e.g. whether PLAIN is offered without TLS).
import { connect } from "node:net";
import { sleep } from "./stats.mjs";

function featuresOnce(host, port, domain) {
  return new Promise((resolve, reject) => {
    const socket = connect({ host, port });
    let text = "";
    const done = (error, value) => {
      socket.destroy();
      clearTimeout(timer);
      if (error) reject(error);
      else resolve(value);
    };
    const timer = setTimeout(() => done(new Error("no stream features within 5 s")), 5000);
    socket.setEncoding("utf8");
    socket.on("error", (error) => done(error));
    socket.on("connect", () =>
      socket.write(
        `<?xml version='1.0'?><stream:stream to='${domain}' version='1.0' xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams'>`,
      ),
    );
    socket.on("data", (chunk) => {
      text += chunk;
      const end = /<\/(?:stream:)?features>/.exec(text);
      if (end) done(null, text.slice(0, end.index + end[0].length));
    });
    socket.on("close", () => done(new Error("closed before stream features")));
  });
}

/** Retries until `timeoutMs`; `alive()` false (the process exited) stops early. */
export async function waitForFeatures({ host, port, domain, timeoutMs, alive }) {
  const started = performance.now();
  let last;
  while (performance.now() - started < timeoutMs) {
    if (!alive()) throw new Error(`server exited before answering on port ${port}`);
    try {
      return await featuresOnce(host, port, domain);
    } catch (error) {
      last = error;
      await sleep(100);
    }
  }
  throw new Error(`server did not answer on port ${port} within ${timeoutMs} ms: ${last?.message}`);
}

export const offersPlain = (features) => features.includes("<mechanism>PLAIN</mechanism>");
