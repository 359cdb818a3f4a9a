/**
 * Township package tools.
 *   cli export --data DIR --to FOLDER [--key-dir KEYDIR] [--pin PIN]
 *       writes the signed package of the election in DIR (confirmed rounds, forms included) into
 *       FOLDER, as the app does onto a USB drive; prints the package path (exit 0), or a JSON error
 *       on stderr (exit 1; usage exit 2). The station key is kept in KEYDIR, by default
 *       `<parent of DIR>/.station-key` (or $VES_STATION_KEY_DIR).
 *   cli verify DIR [--fingerprint "xxxx xxxx xxxx xxxx"]
 *       exit 0 and one summary line when the package is intact; exit 1 and one line per problem
 *       ("文件: 问题") when a file was changed, added or removed or the signature fails.
 *   cli township [--drill] --out FILE.xlsx|FILE.csv DIR...
 *       verifies and totals many village packages; refused packages (tampered, duplicate, drill)
 *       are listed on stderr with the reason; the table goes to FILE (xlsx, or CSV in UTF-8 with BOM).
 *       Exit 0 when at least one package was counted, 1 when none was. --drill makes a 演练汇总 that
 *       takes only drill packages (for training on `cli demo` elections) and refuses real ones.
 */
import path from 'node:path';
import { openStation } from '../station/index.js';
import { setStationKeyDir } from '../station/export/keys.js';
import { verifyPackage } from '../station/export/package.js';
import { formatPermille, importPackages, writeTableFile } from '../station/township/township.js';

const err = (code: string, message: string): void => void process.stderr.write(JSON.stringify({ error: { code, message } }) + '\n');

function take(args: string[], name: string): string | undefined {
  const i = args.indexOf(name);
  if (i === -1) return undefined;
  const v = args[i + 1];
  args.splice(i, 2);
  return v;
}

export function runExport(argv: string[]): number {
  const args = [...argv];
  const dataDir = take(args, '--data');
  const to = take(args, '--to');
  const keyDir = take(args, '--key-dir');
  const pin = take(args, '--pin');
  if (!dataDir || !to || args.length > 0) {
    err('USAGE', '用法：cli export --data 选举数据目录 --to 目标文件夹 [--key-dir 密钥目录] [--pin 主任密码]');
    return 2;
  }
  if (keyDir) setStationKeyDir(path.resolve(keyDir));
  const station = openStation(path.resolve(dataDir), { backups: false });
  try {
    const r = station.run('export.write', { target: path.resolve(to) }, pin ? { pin, actor: '命令行' } : { actor: '命令行' });
    if (!r.ok) {
      err(r.error.code, r.error.message);
      return r.error.code === 'VALIDATION' ? 2 : 1;
    }
    process.stdout.write(`${r.value.packagePath}\n`);
    return 0;
  } finally {
    station.close();
  }
}

export function runVerify(argv: string[]): number {
  const args = [...argv];
  const fingerprint = take(args, '--fingerprint');
  const [dir, ...rest] = args;
  if (!dir || rest.length > 0) {
    err('USAGE', '用法：cli verify 导出包目录 [--fingerprint "纸质表格上的密钥指纹"]');
    return 2;
  }
  const v = verifyPackage(path.resolve(dir), fingerprint ? { expectedFingerprint: fingerprint } : {});
  if (v.ok) {
    process.stdout.write(`${v.summary}\n`);
    return 0;
  }
  for (const p of v.problems) process.stdout.write(`${p.file}: ${p.message} [${p.code}]\n`);
  return 1;
}

export async function runTownship(argv: string[]): Promise<number> {
  const args = [...argv];
  const out = take(args, '--out');
  const drillAt = args.indexOf('--drill');
  const drill = drillAt >= 0;
  if (drill) args.splice(drillAt, 1);
  if (!out || args.length === 0 || !/\.(xlsx|csv)$/i.test(out)) {
    err('USAGE', '用法：cli township [--drill] --out 汇总表.xlsx（或 .csv） 导出包目录...（--drill：演练汇总，只收演练包）');
    return 2;
  }
  const t = importPackages(args.map((a) => path.resolve(a)), { drill });
  writeTableFile(t, path.resolve(out));
  for (const r of t.refused) process.stderr.write(`拒收 ${r.path}: ${r.reason} [${r.code}]\n`);
  for (const r of [...t.villages, ...t.byKind, t.total]) {
    process.stdout.write(
      `${r.village}\t登记 ${r.registered}\t参加 ${r.participants}\t参选率 ${formatPermille(r.turnoutPermille)}\t${r.validity}\t轮次 ${r.rounds}\t当选 ${r.elected}（女 ${r.women}，35岁及以下 ${r.age35OrUnder}，大专及以上 ${r.college}，党员 ${r.partyMembers}，一肩挑 ${r.chairAlsoSecretary}）\n`,
    );
  }
  process.stdout.write(`已写入 ${path.resolve(out)}：${t.villages.length} 个村计入${drill ? '演练' : ''}汇总，拒收 ${t.refused.length} 个。\n`);
  // Nothing counted is a failure the clerk must see; some refused next to counted ones is reported above.
  return t.villages.length > 0 ? 0 : 1;
}
