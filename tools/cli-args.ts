import { parseArgs } from 'node:util';
import { errorMessage } from '../src/core/errors.ts';

/** One option of a command line: a string value or a flag (`node:util` `parseArgs` options). */
type CliOption = { type: 'string' } | { type: 'boolean' };

type CliConfig<O extends Record<string, CliOption>> = {
  args: string[];
  allowPositionals: true;
  options: O & { help: { type: 'boolean' } };
};

/** What `parseCommandLine` parsed: the options' values and the positional arguments. */
export type ParsedCommandLine<O extends Record<string, CliOption>> = ReturnType<
  typeof parseArgs<CliConfig<O>>
>;

/**
 * Parses a CLI's `argv` with `options` and `--help`. Returns the exit status when the run ends here: 0
 * after `--help` printed `usage`, 2 after an unknown option or a missing value (the reason, prefixed
 * with `command`, then `usage`); otherwise the parsed values and positionals.
 */
export function parseCommandLine<const O extends Record<string, CliOption>>(
  command: string,
  argv: string[],
  options: O,
  usage: string,
  log: (line: string) => void,
): ParsedCommandLine<O> | number {
  let parsed: ParsedCommandLine<O>;
  try {
    parsed = parseArgs<CliConfig<O>>({
      args: argv,
      allowPositionals: true,
      options: { ...options, help: { type: 'boolean' } },
    });
  } catch (error) {
    log(`${command}: ${errorMessage(error)}\n${usage}`);
    return 2;
  }
  // (the values' type is not resolved for a generic O: `help` is there, added above)
  if ((parsed.values as { help?: boolean }).help) {
    log(usage);
    return 0;
  }
  return parsed;
}
