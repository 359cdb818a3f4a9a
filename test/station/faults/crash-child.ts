/**
 * Child process for the crash tests (crash.test.ts). It opens a station on a prepared data folder and
 * works as fast as it can until the parent kills it with SIGKILL. Every line it prints on stdout is
 * written synchronously (fs.writeSync on fd 1) right after the command returned, so a printed line is
 * a promise the parent can hold the station to:
 *
 *   ballots <dataDir>            records ballots forever; prints `ack <ballotId> <seq>` per ballot
 *   import  <dataDir> <file>     prints `start`, runs roll.importConfirm on the file, prints `done <n>`
 *   export  <dataDir> <target>   prints `start`, runs export.write into target, prints `done <path>`
 *
 * Run with `node --import tsx crash-child.ts …`. The station key lives in $VES_STATION_KEY_DIR.
 */
import { writeSync } from 'node:fs';
import { openStation } from '../../../electron/station/index.js';
import { fileInput } from '../import/file-input.js';

const [mode, dataDir, arg] = process.argv.slice(2);
const say = (line: string): void => {
  writeSync(1, `${line}\n`);
};

if (!mode || !dataDir) {
  process.stderr.write('usage: crash-child.ts ballots|import|export <dataDir> [file|target]\n');
  process.exit(2);
}

const station = openStation(dataDir, { backups: true });
if (station.report.readOnly) {
  say(`readonly ${station.report.summary}`);
  process.exit(3);
}

function fail(what: string, r: { ok: false; error: { code: string; message: string } }): never {
  say(`refused ${what} ${r.error.code} ${r.error.message}`);
  process.exit(4);
}

if (mode === 'ballots') {
  const cands = station.db.prepare('SELECT id, pos_key FROM candidates ORDER BY id').all() as { id: number; pos_key: string }[];
  const chair = cands.filter((c) => c.pos_key === 'chair').map((c) => c.id);
  const member = cands.filter((c) => c.pos_key === 'member').map((c) => c.id);
  say('ready');
  for (let i = 0; ; i++) {
    const marks = {
      chair: { for: [chair[i % chair.length] as number] },
      member: { for: member.filter((_, k) => (k + i) % 3 !== 0).slice(0, 4) },
    };
    const r = station.run('count.recordBallot', { marks });
    if (!r.ok) fail('count.recordBallot', r);
    say(`ack ${String(r.value.ballotId)} ${String(r.value.seq)}`);
  }
} else if (mode === 'import') {
  if (!arg) throw new Error('import needs a file');
  say('start');
  const r = station.run('roll.importConfirm', fileInput(arg));
  if (!r.ok) fail('roll.importConfirm', r);
  say(`done ${r.value.imported}`);
} else if (mode === 'export') {
  if (!arg) throw new Error('export needs a target folder');
  say('start');
  const r = station.run('export.write', { target: arg });
  if (!r.ok) fail('export.write', r);
  say(`done ${r.value.packagePath}`);
} else {
  say(`unknown mode ${mode}`);
  process.exit(2);
}
station.close();
