#!/bin/sh
# `pnpm start`: builds parley-server and the packages it needs (turbo, cached), then runs it with
# the arguments given (`pnpm start --config my.toml`). Turbo's own lines (its telemetry notice on a
# fresh machine, the packages in scope, the run summary) are not shown: the build's output is
# printed only when the build fails, so a user sees the server's lines and nothing else.
if ! out=$(TURBO_TELEMETRY_DISABLED=1 turbo run build --filter=parley-server... --output-logs=errors-only 2>&1); then
  printf '%s\n' "$out" >&2
  echo "pnpm start: the build failed (turbo's output above)" >&2
  exit 1
fi
exec apps/server/bin/parley-server start "$@"
