// P pairs of logged-in connections that send each other chat messages to full JIDs (RFC 6121
// §8.5.3.1). The body carries "<seq> <send time>" so the receiver measures end-to-end latency
// from the text alone: no parser, one regex over the text up to the last </message>.
import { loginMany, userName } from "./pool.mjs";

const BODY = /<body>(\d+) ([\d.]+)<\/body>/g;
const END = "</message>";

export class ChatPairs {
  constructor({ window }) {
    this.window = window;
    this.sides = [];
    this.sending = false;
    this.recording = false;
    /** Latencies (ms) of messages received while recording. */
    this.latencies = [];
    this.delivered = 0;
    this.deliveredRecorded = 0;
    this.sent = 0;
    this.outOfOrder = 0;
    /** Socket reads while recording: reads per delivered message shows how the server batches. */
    this.reads = 0;
    this.onDrained = null;
  }

  async connect(target, pairs, concurrency) {
    const users = Array.from({ length: pairs * 2 }, (_, i) => userName("u", i));
    const sides = users.map(() => ({
      conn: null,
      partner: null,
      seq: 0,
      outstanding: 0,
      expect: 1,
      tail: "",
    }));
    const { conns, errors } = await loginMany(target, users, {
      concurrency,
      extra: {},
      setup: (conn, i) => {
        conn.onData = (text) => this.receive(sides[i], text);
      },
    });
    if (errors.length > 0) throw new Error(`chat logins failed (${errors.length}): ${errors[0]}`);
    for (let i = 0; i < sides.length; i++) {
      sides[i].conn = conns[i];
      sides[i].partner = sides[i ^ 1];
    }
    this.sides = sides;
  }

  /** Builds `count` messages from `side` to its partner in one string (one socket write). */
  batch(side, count) {
    const to = side.partner.conn.jid;
    let out = "";
    const now = performance.now().toFixed(3);
    for (let k = 0; k < count; k++) {
      const seq = ++side.seq;
      out += `<message to='${to}' type='chat' id='m${seq}'><body>${seq} ${now}</body></message>`;
    }
    side.outstanding += count;
    this.sent += count;
    return out;
  }

  /** Window-bounded: fill each side's window up to `window` unacknowledged messages. */
  refill(side) {
    if (!this.sending) return;
    const room = Math.min(this.window - side.outstanding, this.budget - side.seq);
    if (room > 0) side.conn.send(this.batch(side, room));
  }

  /** Fixed rate: send `count` now if the window allows; returns how many were sent. */
  sendSome(side, count) {
    const room = Math.min(count, this.window - side.outstanding);
    if (room > 0) side.conn.send(this.batch(side, room));
    return Math.max(0, room);
  }

  receive(side, text) {
    if (this.recording) this.reads++;
    let data = side.tail + text;
    const last = data.lastIndexOf(END);
    if (last < 0) {
      side.tail = data;
      return;
    }
    side.tail = data.slice(last + END.length);
    data = data.slice(0, last);
    const now = performance.now();
    let got = 0;
    BODY.lastIndex = 0;
    for (let m = BODY.exec(data); m !== null; m = BODY.exec(data)) {
      const seq = Number(m[1]);
      if (seq !== side.expect) this.outOfOrder++;
      side.expect = seq + 1;
      got++;
      if (this.recording) this.latencies.push(now - Number(m[2]));
    }
    if (got === 0) return;
    const from = side.partner;
    from.outstanding -= got;
    this.delivered += got;
    if (this.recording) this.deliveredRecorded += got;
    this.refill(from);
    if (this.onDrained && this.delivered === this.sent) this.onDrained();
  }

  /** Starts window-bounded sending, at most `budget` messages per side. */
  startSaturating(budget) {
    this.budget = budget;
    this.sending = true;
    for (const side of this.sides) this.refill(side);
  }

  stop() {
    this.sending = false;
  }

  /** Resolves once every sent message arrived, or after `timeoutMs`. */
  drain(timeoutMs) {
    if (this.delivered === this.sent) return Promise.resolve(true);
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.onDrained = null;
        resolve(false);
      }, timeoutMs);
      this.onDrained = () => {
        clearTimeout(timer);
        this.onDrained = null;
        resolve(true);
      };
    });
  }

  close() {
    for (const side of this.sides) side.conn?.close();
  }
}
