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
 *   cli township [--drill] [--keys REGISTER] [--add TEXT [--township T --village V --kind K] [--another]]
 *                [--choose ELECTION --township T --village V --kind K --reason R] [--by CLERK]
 *                [--out FILE.xlsx|FILE.csv] DIR...
 *       verifies and totals many village packages against the key register REGISTER (the township
 *       page's key-register.jsonl format). --add registers a key from a scanned result QR (or a
 *       typed fingerprint, with --township/--village/--kind) and records the paper; --choose settles two
 *       elections of one village. Each package's state (已核对, 待核对, 拒收 with its code, 已被取代,
 *       冲突…) is printed with its reason (counted ones on stdout, the rest on stderr), then the
 *       villages and the totals per township and kind; the table goes to FILE (xlsx, or CSV in
 *       UTF-8 with BOM). Exit 0 when at least one package was counted, 1 when none was. --drill makes
 *       a 演练汇总 that takes only drill packages and refuses real ones.
 */
import path from 'node:path';
import { openStation } from '../station/index.js';
import { setStationKeyDir } from '../station/export/keys.js';
import { verifyPackage } from '../station/export/package.js';
import { formatPermille, importPackages, PAPER_LABELS, RESULT_TYPES, STATUS_LABELS } from '../station/township/township.js';
import { writeTableFile } from '../station/township/table.js';
import { emptyRegister, KindSchema, loadRegister, RegisterError } from '../station/township/register.js';
import { addKey, choose } from '../station/township/commands.js';

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

function takeAll(args: string[], name: string): string[] {
  const out: string[] = [];
  for (let i = args.indexOf(name); i !== -1; i = args.indexOf(name)) {
    const v = args[i + 1];
    args.splice(i, 2);
    if (v !== undefined) out.push(v);
  }
  return out;
}

function takeFlag(args: string[], name: string): boolean {
  const i = args.indexOf(name);
  if (i === -1) return false;
  args.splice(i, 1);
  return true;
}

const TOWNSHIP_USAGE =
  '用法：cli township [--drill] [--keys 密钥登记簿.jsonl] [--add "扫描的二维码或密钥指纹" [--township 乡镇 --village 村 --kind 类别] [--another]] [--choose 选举编号 --township 乡镇 --village 村 --kind 类别 --reason 原因] [--by 核对人] [--out 汇总表.xlsx（或 .csv）] 导出包目录...';

export async function runTownship(argv: string[]): Promise<number> {
  const args = [...argv];
  const out = take(args, '--out');
  const keys = take(args, '--keys');
  const adds = takeAll(args, '--add');
  const choice = take(args, '--choose');
  const village = take(args, '--village');
  const township = take(args, '--township');
  const kind = take(args, '--kind');
  const reason = take(args, '--reason');
  const by = take(args, '--by') ?? '命令行';
  const another = takeFlag(args, '--another');
  const drill = takeFlag(args, '--drill');
  const dirs = args.map((a) => path.resolve(a));
  if (dirs.some((d) => d.startsWith('-')) || (out !== undefined && !/\.(xlsx|csv)$/i.test(out)) || ((adds.length > 0 || choice) && !keys) || (dirs.length === 0 && adds.length === 0 && !choice)) {
    err('USAGE', TOWNSHIP_USAGE);
    return 2;
  }
  const file = keys ? path.resolve(keys) : null;
  try {
    for (const text of adds) {
      const r = addKey(file as string, { text, by, township, village, kind, paths: dirs, another });
      if (!r.ok) {
        err(r.error.code, r.error.message);
        return 1;
      }
      process.stdout.write(`${r.value.message}\n`);
      for (const w of r.value.warnings) process.stderr.write(`注意：${w.message}\n`);
    }
    if (choice) {
      if (!village || !township || !kind || !reason) {
        err('USAGE', '用 --choose 选定一次选举时，还要写 --township、--village、--kind（villagers_committee 或 party_branch）和 --reason。');
        return 2;
      }
      const k = KindSchema.safeParse(kind);
      if (!k.success) {
        err('USAGE', '--kind 应为 villagers_committee（村委会）、residents_committee（居委会）或 party_branch（党组织）。');
        return 2;
      }
      const r = choose(file as string, { township, village, kind: k.data, electionId: choice, reason, by });
      if (!r.ok) {
        err(r.error.code, r.error.message);
        return 1;
      }
      process.stdout.write(`${r.value.message}\n`);
    }
    if (dirs.length === 0) return 0;
    const register = file ? loadRegister(file) : emptyRegister();
    const t = importPackages(dirs, { drill, register });
    if (out) writeTableFile(t, path.resolve(out));
    for (const p of t.packages) {
      const line = `${STATUS_LABELS[p.status]}${p.code ? ` [${p.code}]` : ''}\t${p.township}${p.village}${p.kindLabel ? ` ${p.kindLabel}` : ''}\t${p.path}\t${PAPER_LABELS[p.paper]}\t${p.reason}\n`;
      if (p.status === 'counted') process.stdout.write(line);
      else process.stderr.write(line);
    }
    for (const r of t.villages) {
      process.stdout.write(
        `${r.township}\t${r.village}\t${r.kindLabel}\t登记 ${r.registered}\t参加 ${r.participants}\t参选率 ${formatPermille(r.turnoutPermille)}\t${r.validity}\t职数 ${r.seats} 当选 ${r.electedCount} 空缺 ${r.vacancies}（女 ${r.women}，35岁及以下 ${r.age35OrUnder}，大专及以上 ${r.college}，党员 ${r.partyMembers}）\t一肩挑 ${r.oneShoulder === null ? '—' : r.oneShoulder ? '是' : '否'}\t${RESULT_TYPES[r.resultType] ?? ''}\t${r.electedText}\n`,
      );
    }
    for (const x of t.totals) {
      process.stdout.write(
        `${x.township}${t.drill ? '演练' : ''}${x.kindLabel}合计\t${x.villages} 个\t登记 ${x.registered}\t参加 ${x.participants}\t参选率 ${formatPermille(x.turnoutPermille)}\t职数 ${x.seats} 当选 ${x.electedCount} 空缺 ${x.vacancies}\t一次选举成功 ${x.firstRoundSuccess} 个（${formatPermille(x.firstRoundPermille)}）\t一肩挑 ${x.oneShoulder} 个\t${RESULT_TYPES.map((label, i) => `${label} ${x.resultTypes[i] ?? 0}`).join('，')}\n`,
      );
    }
    const counted = t.packages.filter((p) => p.status === 'counted').length;
    const pending = t.packages.filter((p) => p.status === 'pending').length;
    const refused = t.packages.filter((p) => p.status === 'refused').length;
    process.stdout.write(
      `${out ? `已写入 ${path.resolve(out)}：` : ''}${counted} 个导出包计入${drill ? '演练' : ''}汇总（${t.townships.length} 个乡镇分别汇总），待核对 ${pending} 个，拒收 ${refused} 个，其他 ${t.packages.length - counted - pending - refused} 个。${file ? '' : '没有给出 --keys 密钥登记簿：所有导出包都待核对。'}\n`,
    );
    // Nothing counted is a failure the clerk must see; some refused next to counted ones is reported above.
    return counted > 0 ? 0 : 1;
  } catch (e) {
    if (e instanceof RegisterError) {
      err(e.code, e.message);
      return 1;
    }
    throw e;
  }
}
