// parley: the command line. Wiring only; every command lives in commands/.
import { runCli } from "./program";

process.exitCode = await runCli(process.argv.slice(2));
