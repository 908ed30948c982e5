/** Prints `json` as one JSON document with `--json`, otherwise the readable lines. */
export function printResult(asJson: boolean | undefined, json: unknown, lines: readonly string[]): void {
  process.stdout.write(asJson ? `${JSON.stringify(json)}\n` : `${lines.join('\n')}\n`);
}
