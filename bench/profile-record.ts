/**
 * `tsx bench/profile-record.ts [n] [--nosync]`: records n ballots (default 5,000) through
 * station.call('count.recordBallot') on bench/counting.ts's election and prints the median time per
 * call. For a CPU profile: `node --cpu-prof --cpu-prof-dir=/tmp/prof --import tsx bench/profile-record.ts`.
 * `--nosync` sets synchronous=OFF on the station's connection so the figure is the JavaScript and
 * SQLite work without the fsync (never how the station runs; only to see where the CPU time goes).
 */
import { cleanup, setupDay } from '../test/station/counting/helpers.js';
import { ballotMaker, SPEC, voteDirect } from './counting.js';
import { median } from './stats.js';

const n = Number(process.argv.find((a, i) => i >= 2 && /^\d+$/.test(a)) ?? 5000);
const noSync = process.argv.includes('--nosync');
try {
  const d = setupDay({ ...SPEC, others: n + 10 }, { backups: !process.argv.includes('--nobackup') });
  voteDirect(d, n + 10);
  if (noSync) d.s.db.pragma('synchronous = OFF');
  const next = ballotMaker(d, 4242);
  const times: number[] = [];
  for (let i = 0; i < n; i++) {
    const b = next();
    const t = performance.now();
    const r = d.s.call('count.recordBallot', b);
    times.push(performance.now() - t);
    if (!r.ok) throw new Error(`count.recordBallot refused: ${r.error.code} ${r.error.message}`);
  }
  const tail = times.slice(Math.floor(n / 2));
  console.log(`${n} ballots${noSync ? ' (synchronous=OFF)' : ''}: median ${median(times).toFixed(3)} ms, second half median ${median(tail).toFixed(3)} ms`);
} finally {
  cleanup();
}
