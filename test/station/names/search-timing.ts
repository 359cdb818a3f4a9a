/**
 * Search latency over a 20,000-voter roll (run: npx tsx test/station/names/search-timing.ts).
 * Not a test: timings depend on the machine. Target: p95 under 2 ms.
 */
import { createRollIndex, type RollIndexVoter } from '../../../electron/station/names/index.js';
import { makeIdNumber } from '../../../shared/rules/id-number.js';

const SURNAMES = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾萧田董潘袁蔡蒋余于杜叶程魏苏吕丁任卢姚沈钟姜崔谭陆范汪廖石金韦贾夏付方邹熊白孟秦邱侯江尹薛闫段雷龙黎史陶贺毛郝顾龚邵万覃武钱戴严莫孔向常汤康易乔赖文单区仇解朴查';
const GIVEN = '伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超兰霞平刚桂华建国志红玉梅兵林飞鹏辉斌波宇浩凯健俊帆帅旭宁龙';

let seed = 42;
const rnd = (n: number) => {
  seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
  return (seed >>> 8) % n;
};
const voters: RollIndexVoter[] = [];
for (let i = 0; i < 20_000; i++) {
  const name = SURNAMES.charAt(rnd(SURNAMES.length)) + GIVEN.charAt(rnd(GIVEN.length)) + (rnd(3) > 0 ? GIVEN.charAt(rnd(GIVEN.length)) : '');
  const birth = `19${String(30 + rnd(70)).padStart(2, '0')}${String(1 + rnd(12)).padStart(2, '0')}${String(1 + rnd(28)).padStart(2, '0')}`;
  voters.push({ id: i, name, idNumber: makeIdNumber('330102', birth, rnd(1000)), group: `第${1 + rnd(10)}组` });
}

let t = performance.now();
const index = createRollIndex(voters);
const buildMs = performance.now() - t;

const queries: string[] = [];
for (let i = 0; i < 2000; i++) {
  const v = voters[rnd(voters.length)] as RollIndexVoter;
  const kind = i % 6;
  if (kind === 0) queries.push(v.name);
  else if (kind === 1) queries.push(v.name.charAt(0));
  else if (kind === 2) queries.push(v.name.slice(1));
  else if (kind === 3) queries.push(['zs', 'wf', 'lj', 'z', 'w', 'chen', 'zhangw', 'liu'][rnd(8)] as string);
  else if (kind === 4) queries.push(v.idNumber.slice(-4));
  else queries.push(v.idNumber.slice(-6));
}
for (const q of queries.slice(0, 200)) index.search(q, 20); // warm up
const times: number[] = [];
for (const q of queries) {
  t = performance.now();
  index.search(q, 20);
  times.push(performance.now() - t);
}
times.sort((a, b) => a - b);
const pct = (p: number) => (times[Math.min(times.length - 1, Math.floor((p / 100) * times.length))] ?? 0).toFixed(3);
console.log(`build 20,000: ${buildMs.toFixed(0)} ms; search over ${times.length} queries: p50 ${pct(50)} ms, p95 ${pct(95)} ms, p99 ${pct(99)} ms, max ${pct(100)} ms`);
