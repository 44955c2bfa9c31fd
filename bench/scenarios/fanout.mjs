// fanout: one account (the hub) with R contacts subscribed to its presence; every presence the
// hub sends is broadcast to all R (RFC 6121 §4.4.2). Setup over the protocol: each contact sends
// <presence type='subscribe'/> and the hub approves (§3.1). Then the hub sends presence updates,
// at most W not yet seen by every contact, for D seconds: deliveries/s, latency, lost.
import { loginMany, userName } from "../lib/pool.mjs";
import { cpuSeconds, percentiles, round, sleep } from "../lib/stats.mjs";

const STATUS = /<status>f (\d+) ([\d.]+)<\/status>/g;
const PRESENCE_TAG = /<presence\b[^>]*>/g;
const SUBSCRIBED = /type=["']subscribed["']/;
const END = "</presence>";

export async function fanout(target, p) {
  const R = p.contacts;
  const hubUser = userName("u", 0);
  const state = { hubBuf: "", approved: 0, subscribed: 0, recording: false };
  const counts = new Uint32Array(p.maxPresences + 1);
  const latencies = [];
  let deliveries = 0;
  let deliveriesRecorded = 0;
  let completed = 0;
  let sent = 0;
  let sending = false;
  let hub = null;

  const hubData = (text) => {
    // Answer every subscription request with an approval (RFC 6121 §3.1.4).
    state.hubBuf += text;
    const cut = state.hubBuf.lastIndexOf(">") + 1;
    const done = state.hubBuf.slice(0, cut);
    state.hubBuf = state.hubBuf.slice(cut);
    let out = "";
    PRESENCE_TAG.lastIndex = 0;
    for (let m = PRESENCE_TAG.exec(done); m !== null; m = PRESENCE_TAG.exec(done)) {
      if (!/type=["']subscribe["']/.test(m[0])) continue;
      const from = /from=["']([^"'/]+)/.exec(m[0])?.[1];
      if (from) {
        out += `<presence type='subscribed' to='${from}'/>`;
        state.approved++;
      }
    }
    if (out) hub.send(out);
  };

  const send = () => {
    if (!sending) return;
    let out = "";
    while (sending && sent - completed < p.window && sent < p.maxPresences) {
      sent++;
      out += `<presence><status>f ${sent} ${performance.now().toFixed(3)}</status></presence>`;
    }
    if (out) hub.send(out);
  };

  let reads = 0;
  const contactData = (c, text) => {
    if (state.recording) reads++;
    if (!c.subscribed) {
      c.tail += text;
      if (!SUBSCRIBED.test(c.tail)) return;
      c.subscribed = true;
      state.subscribed++;
      text = c.tail;
      c.tail = "";
    }
    let data = c.tail + text;
    const last = data.lastIndexOf(END);
    if (last < 0) {
      c.tail = data;
      return;
    }
    c.tail = data.slice(last + END.length);
    data = data.slice(0, last);
    const now = performance.now();
    STATUS.lastIndex = 0;
    for (let m = STATUS.exec(data); m !== null; m = STATUS.exec(data)) {
      const seq = Number(m[1]);
      deliveries++;
      if (state.recording) {
        deliveriesRecorded++;
        latencies.push(now - Number(m[2]));
      }
      if (++counts[seq] === R) {
        completed++;
        send();
      }
    }
  };

  const hubLogin = await loginMany(target, [hubUser], {
    concurrency: 1,
    extra: {},
    setup: (conn) => {
      conn.onData = hubData;
    },
  });
  if (hubLogin.errors.length > 0) throw new Error(`hub login failed: ${hubLogin.errors[0]}`);
  hub = hubLogin.conns[0];

  const contacts = Array.from({ length: R }, () => ({ subscribed: false, tail: "" }));
  const users = Array.from({ length: R }, (_, i) => userName("u", i + 1));
  const logins = await loginMany(target, users, {
    concurrency: p.concurrency,
    extra: {},
    setup: (conn, i) => {
      conn.onData = (text) => contactData(contacts[i], text);
    },
  });
  if (logins.errors.length > 0) throw new Error(`contact logins failed: ${logins.errors[0]}`);
  const setupStarted = performance.now();
  for (const conn of logins.conns)
    conn.send(`<presence type='subscribe' to='${hubUser}@${target.domain}'/>`);
  while (state.subscribed < R && performance.now() - setupStarted < p.setupTimeoutMs)
    await sleep(50);
  const setupMs = performance.now() - setupStarted;
  if (state.subscribed < R)
    throw new Error(
      `only ${state.subscribed}/${R} contacts subscribed within ${p.setupTimeoutMs} ms`,
    );
  await sleep(500); // let the hub's available presence (sent on approval) reach everyone

  sending = true;
  send();
  await sleep(p.warmupMs);
  const cpu0 = cpuSeconds(target.pid);
  const start = performance.now();
  state.recording = true;
  await sleep(p.seconds * 1000);
  state.recording = false;
  const measuredMs = performance.now() - start;
  const serverCpu = cpuSeconds(target.pid) - cpu0;
  sending = false;
  const drainStarted = performance.now();
  while (completed < sent && performance.now() - drainStarted < p.drainMs) await sleep(20);
  const expected = sent * R;
  hub.close();
  for (const conn of logins.conns) conn?.close();
  return {
    contacts: R,
    window: p.window,
    seconds: round(measuredMs / 1000, 1),
    deliveries_per_s: Math.round((deliveriesRecorded / measuredMs) * 1000),
    presences_per_s: round((deliveriesRecorded / R / measuredMs) * 1000, 1),
    ...percentiles(latencies, [50, 99]),
    deliveries_per_read: round(deliveriesRecorded / Math.max(1, reads), 2),
    server_cpu_pct: round((100 * serverCpu) / (measuredMs / 1000), 1),
    presences_sent: sent,
    deliveries,
    lost: expected - deliveries,
    setup_ms: Math.round(setupMs),
  };
}
