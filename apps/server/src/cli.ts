// parley-server: the command line. Wiring only; every command lives in commands/.
import "./threadpool";
import { runCli } from "./program";

const code = await runCli(process.argv.slice(2));
if (code !== undefined) process.exitCode = code;
