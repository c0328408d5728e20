// `netward test <files...>`: runs .nwt test scripts and reports each failed assertion as a diff.
import type { Command } from "commander";
import { findTestScripts } from "../testscript/find.js";
import { renderReport } from "../testscript/report.js";
import { runTestScript, type CompileCache, type ScriptResult } from "../testscript/run.js";
import { painterFor } from "./color.js";
import { UsageError } from "./usage-error.js";

/** Registers `test`; the action sets the exit code (0 all passed, 1 any failure, 2 a script that cannot run). */
export function registerTest(program: Command, setExit: (code: number) => void): void {
  program
    .command("test")
    .description("run test scripts (.nwt): load manifests, then check the verdict of every assertion")
    .argument("<files...>", "test scripts, or folders to search for *.nwt")
    .action(async (paths: string[]) => {
      const files = await findTestScripts(paths);
      if (files.length === 0) throw new UsageError(`no .nwt test scripts under ${paths.join(", ")}`);
      const cache: CompileCache = new Map();
      const results: ScriptResult[] = [];
      for (const file of files) results.push(await runTestScript(file, cache));
      process.stdout.write(renderReport(results, painterFor(process.stdout)));
      const broken = results.some((r) => r.scriptIssues.length > 0);
      const failed = results.some((r) => r.loadErrors.length > 0 || r.assertions.some((a) => !a.pass));
      setExit(broken ? 2 : failed ? 1 : 0);
    });
}
