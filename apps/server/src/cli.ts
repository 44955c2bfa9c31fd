// parley-server: the command line. Wiring only; every command lives in commands/.
import "./threadpool";
import { exitQuietlyOnBrokenPipe } from "@parley/terminal";
import { runCli } from "./program";

exitQuietlyOnBrokenPipe(); // `parley-server users list | head`

const code = await runCli(process.argv.slice(2));
if (code !== undefined) process.exitCode = code;
