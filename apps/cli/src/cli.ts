// parley: the command line. Wiring only; every command lives in commands/.
import { exitQuietlyOnBrokenPipe } from "@parley/terminal";
import { runCli } from "./program";

exitQuietlyOnBrokenPipe(); // `parley roster | head -1`

process.exitCode = await runCli(process.argv.slice(2));
