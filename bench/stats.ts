/** Small helpers shared by the bench files (bench/run.ts prints the table). */
import { execFile } from 'node:child_process';

export const pct = (xs: readonly number[], p: number): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? NaN;
};
export const median = (xs: readonly number[]): number => pct(xs, 50);

export interface Timing {
  n: number;
  median: number;
  p95: number;
}

export function timing(xs: readonly number[]): Timing {
  return { n: xs.length, median: median(xs), p95: pct(xs, 95) };
}

/** Times fn `runs` times (after `warm` untimed runs), each with its own optional untimed setup. */
export function timeSync(fn: () => unknown, runs: number, opts: { warm?: number; before?: () => void } = {}): number[] {
  for (let i = 0; i < (opts.warm ?? 0); i++) {
    opts.before?.();
    fn();
  }
  const out: number[] = [];
  for (let i = 0; i < runs; i++) {
    opts.before?.();
    const t = performance.now();
    fn();
    out.push(performance.now() - t);
  }
  return out;
}

/**
 * Runs `script child …args` in a fresh Node process (tsx loaded) and parses the JSON object it prints
 * on its last line: a measurement that carries no module cache or memory over from this process.
 */
export function runChildJson<T>(script: string, args: string[], label: string): Promise<T> {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, ['--import', 'tsx', script, 'child', ...args], { encoding: 'utf8', maxBuffer: 16 << 20 }, (err, stdout, stderr) => {
      if (err) return reject(new Error(`${label} child failed: ${stderr || err.message}`));
      const last = stdout.trim().split('\n').pop() ?? '';
      try {
        resolve(JSON.parse(last) as T);
      } catch {
        reject(new Error(`${label} child printed no figures: ${stdout.slice(-500)} ${stderr.slice(-500)}`));
      }
    });
  });
}
