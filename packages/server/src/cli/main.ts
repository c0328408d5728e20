// The netward command line: parses arguments, runs one command, and returns its exit code.
import { Command, CommanderError } from "commander";
import { registerDiff } from "./diff-command.js";
import { registerEval } from "./eval-command.js";
import { registerFlows } from "./flows-command.js";
import { registerLint } from "./lint-command.js";
import { registerQuery } from "./query-command.js";
import { registerReach } from "./reach-command.js";
import { registerRules } from "./rules-command.js";
import { registerSelector } from "./selector.js";
import { registerTest } from "./test-command.js";
import { fileProblem } from "./file-problem.js";
import { registerServe } from "./serve-command.js";
import { UsageError } from "./usage-error.js";
import { registerValidate } from "./validate.js";
import { version } from "./version.js";

/** Builds the program; each command reports its exit code through `setExit`. */
export function buildProgram(setExit: (code: number) => void): Command {
  const program = new Command("netward")
    .description("See and trust Kubernetes and Calico network policy.")
    .version(version)
    .exitOverride()
    .configureOutput({ outputError: (text, write) => write(text) })
    .showSuggestionAfterError(true);
  registerValidate(program, setExit);
  registerTest(program, setExit);
  registerEval(program, setExit);
  registerQuery(program, setExit);
  registerLint(program, setExit);
  registerReach(program, setExit);
  registerDiff(program, setExit);
  registerFlows(program, setExit);
  registerServe(program, setExit);
  registerSelector(program, setExit);
  registerRules(program, setExit);
  return program;
}

/** Runs netward with `argv` (without node and script) and returns the exit code: 0 ok, 1 findings, 2 usage or input error. */
export async function main(argv: readonly string[]): Promise<number> {
  let code = 0;
  const program = buildProgram((c) => (code = c));
  try {
    await program.parseAsync([...argv], { from: "user" });
    return code;
  } catch (err) {
    if (err instanceof CommanderError) {
      return err.code === "commander.helpDisplayed" ||
        err.code === "commander.version" ||
        err.code === "commander.help"
        ? 0
        : 2;
    }
    if (err instanceof UsageError) {
      process.stderr.write(`error: ${err.message}\n`);
      return 2;
    }
    const unreadable = fileProblem(err, undefined);
    if (unreadable !== undefined) {
      process.stderr.write(`error: ${unreadable}\n`);
      return 2;
    }
    throw err;
  }
}
