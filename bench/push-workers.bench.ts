/**
 * `npm run bench:workers -- [--teachers 20000] [--batch-delay-ms 1000] [--slice 1000] [--db mysql://root@127.0.0.1:3306/teacher_sync_bench_workers] [--redis redis://127.0.0.1:6379]`
 *
 * The push phase of one queued run done by one worker process, then by two (bench/push-workers.ts
 * says how), with where each round's time went.
 */
import { measureWorkers, type WorkerRound } from './push-workers.js';

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1]! : fallback;
}

const teachers = Number(arg('teachers', '20000'));
const batchDelayMs = Number(arg('batch-delay-ms', '1000'));
const slice = Number(arg('slice', '1000'));
const dbUrl = arg('db', 'mysql://root@127.0.0.1:3306/teacher_sync_bench_workers');
const redisUrl = arg('redis', 'redis://127.0.0.1:6379');

const ms = (n: number) => `${Math.round(n)} ms`;

function line(r: WorkerRound): string {
  const t = r.times;
  return `${r.workers} worker process(es): push ${(r.pushMs / 1000).toFixed(2)} s  (${r.created.toLocaleString('en-US')} accounts created, ` +
    `${r.jobsPerWorker.reduce((a, b) => a + b, 0)} push jobs; plan ${(r.planMs / 1000).toFixed(1)} s)\n` +
    `    first job taken after ${ms(t.firstPickUpMs)}, a job ${ms(t.meanJobMs)} on average, finish ${ms(t.afterLastMs)} after the last job\n`;
}

async function main(): Promise<void> {
  process.stdout.write(
    `teacher-sync push-workers benchmark: ${teachers.toLocaleString('en-US')} teachers, every batch answered after ${batchDelayMs} ms, ` +
      `push jobs of ${slice} changes, batches of 500, 2 in flight per worker, node ${process.version}\n`,
  );
  const m = await measureWorkers({ teachers, batchDelayMs, slice, dbUrl, redisUrl, note: (l) => process.stderr.write(`${l}\n`) });
  process.stdout.write(line(m.one) + line(m.two));
  const speedUp = m.oneMs / m.twoMs;
  process.stdout.write(`speed-up two/one: ${speedUp.toFixed(2)} (aim: at least 1.8) ${speedUp >= 1.8 ? 'met' : 'NOT met'}\n`);
}

main().catch((e: unknown) => {
  process.stderr.write(`benchmark failed: ${e instanceof Error ? e.stack ?? e.message : String(e)}\n`);
  process.exitCode = 1;
});
