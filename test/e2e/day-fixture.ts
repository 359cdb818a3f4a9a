/**
 * A counting day set up through the host's API (as test 2 of villagers-day does): a drill election,
 * a roll of `voters` villagers imported from a CSV written here, candidates for 主任 (2), 副主任 (2)
 * and 委员 (4), two scrutineers, every voter issued a ballot, the main box's count entered.
 */
import { makeIdNumber } from '../../shared/rules/id-number.js';
import { apiCall, type TestHost } from './host.js';

export type Call = <T>(command: string, input?: unknown) => Promise<T>;

export function caller(host: TestHost): Call {
  return async <T>(command: string, input: unknown = {}): Promise<T> => {
    const r = (await apiCall<T>(host, command, input)) as { ok: true; value: T } | { ok: false; error: { code: string; message: string } };
    if (!r.ok) throw new Error(`${command}: ${r.error.code} ${r.error.message}`);
    return r.value;
  };
}

export interface CountingDay {
  call: Call;
  chair: [number, number];
  vice: [number, number];
  members: number[];
  scrutineers: number[];
  /** Marks for one ballot: one 主任, the first 副主任, three 委员. */
  marks(chair: number): Record<string, { for: number[] }>;
}

export async function countingDay(host: TestHost, voters = 30): Promise<CountingDay> {
  const call = caller(host);
  await call('workspace.create', {
    kind: 'villagers_committee',
    village: '青山村',
    township: '清河镇',
    electionDate: new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10),
    drill: true,
  });
  const lines = ['序号,姓名,性别,身份证号码,村民小组,类别'];
  for (let i = 0; i < voters; i++) {
    const id = makeIdNumber('330102', `19${50 + (i % 40)}0${1 + (i % 9)}1${i % 10}`, 100 + i);
    lines.push(`${i + 1},村民${String(i + 1).padStart(2, '0')},${Number(id.charAt(16)) % 2 ? '男' : '女'},${id},第${1 + (i % 3)}组,户籍在本村且居住`);
  }
  const preview = await call<{ previewId: string }>('roll.importPreview', { fileName: 'roll.csv', dataBase64: Buffer.from(`${lines.join('\n')}\n`).toString('base64') });
  await call('roll.importConfirm', { previewId: preview.previewId });
  const ids = (await call<{ voters: { id: number }[] }>('roll.list', { limit: 1000 })).voters.map((v) => v.id);
  const cand = async (i: number, position: string) =>
    (await call<{ candidate: { id: number } }>('candidate.add', { voterId: ids[i], position, education: 'senior_high', partyMember: false })).candidate.id;
  const chair: [number, number] = [await cand(0, 'chair'), await cand(1, 'chair')];
  const vice: [number, number] = [await cand(2, 'vice_chair'), await cand(3, 'vice_chair')];
  const members = [await cand(4, 'member'), await cand(5, 'member'), await cand(6, 'member'), await cand(7, 'member')];
  const scrutineers: number[] = [];
  for (const name of ['监票员甲', '监票员乙']) scrutineers.push((await call<{ official: { id: number } }>('official.add', { name, role: 'scrutineer' })).official.id);
  await call('roll.publish');
  await call('election.setPhase', { phase: 'voting' });
  for (const v of ids) await call('ballot.issue', { voterId: v });
  await call('election.setPhase', { phase: 'counting' });
  await call('box.setCollected', { boxKey: 'main', collected: voters });
  const marks = (c: number) => ({ chair: { for: [c] }, vice_chair: { for: [vice[0]] }, member: { for: members.slice(0, 3) } });
  return { call, chair, vice, members, scrutineers, marks };
}
