// `parley roster | head -1`: once the reader has gone, writes to stdout fail with EPIPE, which
// Node raises as an unhandled 'error' event (a stack trace, exit code 1). Command-line tools end
// quietly instead, as they would on SIGPIPE.

/** Ends the process quietly (keeping its exit code) when `stream`'s reader has gone away. */
export function exitQuietlyOnBrokenPipe(stream: NodeJS.WriteStream = process.stdout): void {
  stream.on("error", (error: NodeJS.ErrnoException) => {
    if (error.code !== "EPIPE") throw error;
    process.exit();
  });
}
