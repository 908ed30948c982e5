import { CliError, EXIT } from './cli-error.js';

/**
 * The value of environment variable `name` read with an option parser (`bool`, `duration`, …), or
 * undefined when unset or empty. A value the parser refuses is a usage error naming the variable:
 * the parser's own error is commander's, which the CLI reports for flags only, so it would exit 2
 * without a word.
 */
export function envOption<T>(name: string, parse: (value: string) => T): T | undefined {
  const value = process.env[name] || undefined;
  if (value === undefined) return undefined;
  try {
    return parse(value);
  } catch (error) {
    throw new CliError('INVALID_ENV', `${name}: ${(error as Error).message}`, EXIT.usage);
  }
}
