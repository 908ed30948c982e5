// The benchmark suite: `npm run bench` (full), `npm run bench:quick` (reduced), or a selection:
// `npm run bench -- --only server,peer`. Prints a Markdown table, writes bench/results/latest.json
// (and latest.md); `--update-docs` also replaces the table in docs/benchmarks.md.
// Knobs (environment): see docs/benchmarks.md and bench/lib/settings.ts.
import { readFile, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { describeMachine, machineInfo } from './lib/machine.js';
import { type Report, type Row, writeReport } from './lib/report.js';
import type { Scenario } from './lib/scenario.js';
import { readSettings } from './lib/settings.js';
import { markdownTable } from './lib/table.js';
import { clientScenario } from './scenarios/client.js';
import { consoleScenario } from './scenarios/console.js';
import { emailScenario } from './scenarios/email.js';
import { peerScenario } from './scenarios/peer.js';
import { postgresScenario } from './scenarios/postgres.js';
import { scaleScenario } from './scenarios/scale.js';
import { serverScenario } from './scenarios/server.js';
import { streamingScenario } from './scenarios/streaming.js';
import { webhooksScenario } from './scenarios/webhooks.js';

const SCENARIOS: readonly Scenario[] = [
  serverScenario,
  peerScenario,
  streamingScenario,
  clientScenario,
  scaleScenario,
  postgresScenario,
  emailScenario,
  webhooksScenario,
  consoleScenario,
];

const { values } = parseArgs({
  options: {
    only: { type: 'string' },
    quick: { type: 'boolean', default: false },
    'update-docs': { type: 'boolean', default: false },
    out: { type: 'string', default: fileURLToPath(new URL('results/latest.json', import.meta.url)) },
  },
});
const wanted = values.only?.split(',').map((s) => s.trim()) ?? SCENARIOS.map((s) => s.name);
const unknown = wanted.filter((name) => !SCENARIOS.some((s) => s.name === name));
if (unknown.length > 0) {
  throw new Error(`unknown scenario(s) ${unknown.join(', ')}; known: ${SCENARIOS.map((s) => s.name).join(', ')}`);
}

const settings = readSettings(values.quick);
const machine = machineInfo();
const started = new Date();
console.log(`Deskwire bench ${values.quick ? '(quick) ' : ''}on ${describeMachine(machine)}`);
console.log(`scenarios: ${wanted.join(', ')}; settings: ${JSON.stringify(settings)}\n`);

const rows: Row[] = [];
const notes: string[] = [];
for (const scenario of SCENARIOS.filter((s) => wanted.includes(s.name))) {
  const t0 = performance.now();
  console.log(`# ${scenario.name}: ${scenario.description}`);
  try {
    const got = await scenario.run(settings, notes);
    rows.push(...got);
    console.log(`${markdownTable(got)}\n(${((performance.now() - t0) / 1000).toFixed(0)} s)\n`);
  } catch (error) {
    // One broken scenario must not lose the others' figures; the exit code still says it failed.
    process.exitCode = 1;
    const message = `${scenario.name} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`;
    notes.push(message.split('\n')[0] ?? message);
    console.error(message);
  }
}

// As typed: `bench:quick` already passes --quick; everything else follows `--`.
const extraArgs = process.argv.slice(2).filter((arg) => arg !== '--quick');
const command = `npm run ${values.quick ? 'bench:quick' : 'bench'}${extraArgs.length > 0 ? ` -- ${extraArgs.join(' ')}` : ''}`;
const report: Report = {
  date: started.toISOString(),
  quick: settings.quick,
  machine,
  commands: [command, `node --import tsx bench/run.ts ${process.argv.slice(2).join(' ')}`.trim()],
  settings: { ...settings, scaleSteps: settings.scaleSteps.join(','), pgScaleSteps: settings.pgScaleSteps.join(',') },
  rows,
  notes,
};
await writeReport(values.out, report);
const markdown = renderMarkdown(report);
await writeFile(values.out.replace(/\.json$/, '.md'), markdown);
console.log(`${markdown}\nwritten: ${values.out}`);
if (values['update-docs']) await updateDocs(markdown);

function renderMarkdown(r: Report): string {
  const elapsed = ((Date.now() - started.getTime()) / 60_000).toFixed(1);
  return [
    `Run ${r.date} (${elapsed} min${r.quick ? ', reduced run: bench:quick' : ', full run'}) on ${describeMachine(r.machine)}.`,
    `Commands: ${r.commands.map((c) => `\`${c}\``).join(' = ')}. Settings: ${Object.entries(r.settings)
      .filter(([k]) => k !== 'pgUrl')
      .map(([k, v]) => `${k}=${v}`)
      .join(', ')}.`,
    '',
    markdownTable(r.rows),
    ...(r.notes.length > 0 ? ['', ...r.notes.map((n) => `- ${n}`)] : []),
    '',
  ].join('\n');
}

/** Replaces what sits between the table markers of docs/benchmarks.md. */
async function updateDocs(markdown: string): Promise<void> {
  const path = fileURLToPath(new URL('../docs/benchmarks.md', import.meta.url));
  const doc = await readFile(path, 'utf8');
  const begin = '<!-- bench:latest:begin -->';
  const end = '<!-- bench:latest:end -->';
  const from = doc.indexOf(begin);
  const to = doc.indexOf(end);
  if (from < 0 || to < from) throw new Error(`docs/benchmarks.md has no ${begin} ... ${end} section`);
  await writeFile(path, `${doc.slice(0, from + begin.length)}\n${markdown}${doc.slice(to)}`);
  console.log(`updated: ${path}`);
}
