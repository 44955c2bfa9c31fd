// Output batching: what one connection is sent during a turn of the event loop goes out in one
// socket write. A busy server otherwise makes one write (one system call, one TCP segment) per
// stanza; with many connections readable in the same turn, their stanzas to one peer add up.
// One setImmediate for all connections flushes them after the turn's I/O callbacks have run.

/** Something with buffered output to write out. */
export interface Flushable {
  flush(): void;
}

const dirty: Flushable[] = [];
let scheduled = false;

/** Flushes `target` at the end of this turn; call once per turn, when its buffer becomes non-empty. */
export function flushSoon(target: Flushable): void {
  dirty.push(target);
  if (!scheduled) {
    scheduled = true;
    setImmediate(flushAll);
  }
}

function flushAll(): void {
  scheduled = false;
  // A flush never schedules another one (it empties its buffer first), so one pass suffices.
  const list = dirty.splice(0);
  for (const target of list) target.flush();
}
