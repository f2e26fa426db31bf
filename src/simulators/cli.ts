/**
 * Runs the three simulators in a process of their own (for benchmarks):
 *   npx tsx src/simulators/cli.ts --teachers 2000 --seed 1 --port-base 0 [--province 32] [--batch-delay-ms 400]
 * prints `{"ttp":"http://…","registry":"http://…","srp":"http://…"}` as one line on stdout and runs
 * until SIGINT or SIGTERM. A line `touch <share>` on stdin edits that share of the teachers (a new
 * mobile number, updatedAt now), as a day of edits on the platform would, and answers
 * `{"touched": n}`.
 */
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { startSimulators } from './index.js';

function number(value: string | undefined, name: string, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isFinite(n)) throw new Error(`--${name} must be a number, got ${value}`);
  return n;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      teachers: { type: 'string' },
      seed: { type: 'string' },
      'port-base': { type: 'string' },
      messiness: { type: 'string' },
      host: { type: 'string' },
      province: { type: 'string' },
      'batch-delay-ms': { type: 'string' },
    },
    strict: true,
  });
  const started = Date.now();
  const sims = await startSimulators({
    teachers: number(values.teachers, 'teachers', 2000),
    seed: number(values.seed, 'seed', 1),
    portBase: number(values['port-base'], 'port-base', 0),
    messiness: number(values.messiness, 'messiness', 0.08),
    host: values.host ?? '127.0.0.1',
    ...(values.province === undefined ? {} : { province: values.province }),
  });
  // A platform that answers each batch after a fixed time: what spreading the push over workers beats.
  const batchDelayMs = number(values['batch-delay-ms'], 'batch-delay-ms', 0);
  if (batchDelayMs > 0) sims.srp.faults.batchDelayMs = batchDelayMs;
  process.stdout.write(`${JSON.stringify({ ...sims.urls, teachers: sims.world.teachers.length, startedInMs: Date.now() - started })}\n`);

  let round = 0;
  createInterface({ input: process.stdin }).on('line', (line) => {
    const m = /^touch\s+([\d.]+)$/.exec(line.trim());
    if (!m) return;
    const every = Math.max(1, Math.round(1 / Number(m[1])));
    round++;
    let touched = 0;
    const list = sims.ttp.list();
    for (let i = round % every; i < list.length; i += every) {
      const t = list[i]!;
      sims.ttp.update(t.teacherId, { mobile: `139${String(round).padStart(2, '0')}${String(i % 1_000_000).padStart(6, '0')}` });
      touched++;
    }
    process.stdout.write(`${JSON.stringify({ touched })}\n`);
  });

  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) process.exit(130); // a second signal forces exit
    stopping = true;
    process.stderr.write(`simulators: ${signal}, closing\n`);
    sims.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((e: unknown) => {
  process.stderr.write(`simulators failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exit(1);
});
