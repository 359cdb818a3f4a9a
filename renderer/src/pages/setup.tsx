/** 设置: positions and seats, candidates (姓氏笔画 order), officials, the chair's and staff PINs. */
import { useEffect, useRef, useState } from 'react';
import { api, type Out } from '../api';
import { contract } from '../../../shared/contract.js';
import type { Election } from '../api';
import { EDUCATION_LABELS, OFFICIAL_ROLE_LABELS, RELATION_LABELS, ROUND_KIND_LABELS } from '../../../shared/model.js';
import { Busy, Button, ErrorBox, Field, Notice, Section, useAction, useLoad } from '../ui/kit';
import { STAFF_IDLE_MINUTES } from '../ui/staff-lock';
import { VoterPicker, type PickedVoter } from '../ui/voter-picker';
import { OfficialWithdraw, Relations, ReviewCell } from './setup-law';
import { BallotPrint } from './ballot-print';

type PosDraft = { key: string; name: string; seats: number; womenReserved: boolean };

function Positions({ election }: { election: Election }) {
  const list = useLoad(() => api.call('position.list', {}), [election.id]);
  const [draft, setDraft] = useState<PosDraft[] | null>(null);
  const act = useAction();
  useEffect(() => {
    if (list.data) setDraft(list.data.positions.map((p) => ({ key: p.key, name: p.name, seats: p.seats, womenReserved: p.womenReserved })));
  }, [list.data]);
  const locked = election.phase !== 'setup' && election.phase !== 'roll_published';
  if (!draft) return <Busy busy={list.loading} />;
  const set = (i: number, patch: Partial<PosDraft>) => setDraft(draft.map((d, j) => (j === i ? { ...d, ...patch } : d)));
  return (
    <div>
      <p className="muted">职位按高低排列（上面的职位高）。合并计票时只向下合并。</p>
      <table className="table" data-testid="positions">
        <thead>
          <tr>
            <th>职位名称</th>
            <th>职位代码</th>
            <th className="num">应选人数（职数）</th>
            <th>妇女专职</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {draft.map((d, i) => (
            <tr key={i}>
              <td>
                <input className="input" value={d.name} disabled={locked} onChange={(e) => set(i, { name: e.target.value })} aria-label="职位名称" />
              </td>
              <td>
                <input className="input" value={d.key} disabled={locked} onChange={(e) => set(i, { key: e.target.value })} aria-label="职位代码" style={{ width: '9rem' }} />
              </td>
              <td className="num">
                <input className="input" type="number" min={1} max={30} value={d.seats} disabled={locked} onChange={(e) => set(i, { seats: Number(e.target.value) })} aria-label={`${d.name}职数`} style={{ width: '6rem' }} />
              </td>
              <td>
                <input type="checkbox" checked={d.womenReserved} disabled={locked} onChange={(e) => set(i, { womenReserved: e.target.checked })} aria-label="妇女专职职位" />
              </td>
              <td>
                <Button kind="quiet" disabled={locked || draft.length <= 1} onClick={() => setDraft(draft.filter((_, j) => j !== i))}>
                  去掉
                </Button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {!locked ? (
        <div className="row">
          <Button onClick={() => setDraft([...draft, { key: `pos_${draft.length + 1}`, name: '', seats: 1, womenReserved: false }])}>增加职位</Button>
          <Button
            kind="primary"
            busy={act.busy}
            testId="positions-save"
            onClick={async () => {
              const r = await act.run(() => api.call('position.set', { positions: draft.map((d) => ({ key: d.key, name: d.name, seats: d.seats, ...(d.womenReserved ? { womenReserved: true } : {}) })) }));
              if (r) list.reload();
            }}
          >
            保存职位
          </Button>
        </div>
      ) : (
        <Notice>投票开始后职位不能再改。</Notice>
      )}
      <ErrorBox error={act.error ?? list.error} />
    </div>
  );
}

function Candidates({ election }: { election: Election }) {
  // The registration list is the main round's (round 1): a run-off or 另行选举 later has its own list
  // (below), and never empties this one.
  const rounds = useLoad(() => api.call('round.list', {}), [election.id, election.currentRound.id, election.phase]);
  const mainId = rounds.data?.rounds[0]?.id;
  const list = useLoad(
    () => (mainId === undefined ? Promise.resolve({ ok: true as const, value: null }) : api.call('candidate.list', { includeWithdrawn: true, roundId: mainId })),
    [election.id, mainId],
  );
  const positions = useLoad(() => api.call('position.list', {}), [election.id]);
  const [voter, setVoter] = useState<{ id: number; name: string } | null>(null);
  const [position, setPosition] = useState('');
  const [education, setEducation] = useState<keyof typeof EDUCATION_LABELS>('senior_high');
  const [partyMember, setPartyMember] = useState(election.kind === 'party_branch');
  const [withdrawing, setWithdrawing] = useState<number | null>(null);
  const [reason, setReason] = useState('');
  const act = useAction();
  const pos = position || positions.data?.positions[0]?.key || '';
  const cands = list.data?.candidates ?? [];
  const byPos = (positions.data?.positions ?? []).map((p) => ({ p, cs: cands.filter((c) => c.position === p.key) }));
  const main = rounds.data?.rounds[0];
  const electedIn = (pos: string, name: string): boolean => main?.result?.positions.find((x) => x.id === pos)?.elected.includes(name) ?? false;
  return (
    <div>
      <p className="muted">候选人按姓氏笔画排列；“号码”是计票时输入的短号。</p>
      {byPos.map(({ p, cs }) => (
        <div key={p.key}>
          <h3>
            {p.name}（应选 {p.seats} 名，候选人 {cs.filter((c) => !c.withdrawn).length} 名）
          </h3>
          {cs.length === 0 ? (
            <p className="muted">还没有候选人。</p>
          ) : (
            <table className="table" data-testid={`candidates-${p.key}`}>
              <thead>
                <tr>
                  <th className="num">号码</th>
                  <th>姓名</th>
                  <th>性别</th>
                  <th className="num">年龄</th>
                  <th>文化程度</th>
                  <th>党员</th>
                  <th>资格审查</th>
                  <th />
                </tr>
              </thead>
              <tbody>
                {cs.map((c) => (
                  <tr key={c.id} className={c.withdrawn ? 'removed' : ''}>
                    <td className="num">{c.withdrawn ? '—' : c.number}</td>
                    <td className="name">
                      {c.name}
                      {electedIn(c.position, c.name) ? <span className="tag tag-ok">第1轮当选</span> : null}
                    </td>
                    <td>{c.gender === 'F' ? '女' : '男'}</td>
                    <td className="num">{c.age}</td>
                    <td>{EDUCATION_LABELS[c.education]}</td>
                    <td>{c.partyMember ? '是' : '否'}</td>
                    <td>
                      <ReviewCell election={election} c={c} onDone={list.reload} />
                    </td>
                    <td>
                      {c.withdrawn ? (
                        '已退出'
                      ) : withdrawing === c.id ? (
                        <span className="row">
                          <input className="input" value={reason} onChange={(e) => setReason(e.target.value)} aria-label="退出原因" placeholder="退出原因" />
                          <Button
                            kind="danger"
                            busy={act.busy}
                            onClick={async () => {
                              const r = await act.run(() => api.call('candidate.withdraw', { candidateId: c.id, reason }));
                              if (r) {
                                setWithdrawing(null);
                                setReason('');
                                list.reload();
                              }
                            }}
                          >
                            确认退出
                          </Button>
                          <Button kind="quiet" onClick={() => setWithdrawing(null)}>
                            取消
                          </Button>
                        </span>
                      ) : (
                        <Button kind="quiet" onClick={() => setWithdrawing(c.id)} disabled={election.phase !== 'setup' && election.phase !== 'roll_published'}>
                          退出
                        </Button>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </div>
      ))}
      {(list.data?.warnings ?? []).map((w) => (
        <Notice key={w.code + w.message} kind="warn">
          {w.message}
        </Notice>
      ))}
      {(list.data?.strokeFallback ?? []).length > 0 ? (
        <Notice kind="warn">以下姓名中有字缺少笔画数据，按字符编码排序：{list.data?.strokeFallback.map((s) => `${s.name}（${s.chars.join('')}）`).join('、')}</Notice>
      ) : null}
      <GlyphWarning names={cands.map((c) => c.name)} testId="candidates-glyphs" />
      <LaterRounds rounds={rounds.data?.rounds.slice(1) ?? []} />
      <h3>登记候选人</h3>
      <div className="row">
        <VoterPicker label="从选民名单中选择" onPick={(v) => setVoter(v)} picked={voter} testId="candidate-voter" />
        <Field label="职位">
          <select value={pos} onChange={(e) => setPosition(e.target.value)} data-testid="candidate-position">
            {(positions.data?.positions ?? []).map((p) => (
              <option key={p.key} value={p.key}>
                {p.name}
              </option>
            ))}
          </select>
        </Field>
        <Field label="文化程度">
          <select value={education} onChange={(e) => setEducation(e.target.value as keyof typeof EDUCATION_LABELS)}>
            {Object.entries(EDUCATION_LABELS).map(([k, v]) => (
              <option key={k} value={k}>
                {v}
              </option>
            ))}
          </select>
        </Field>
        <label className="check">
          <input type="checkbox" checked={partyMember} onChange={(e) => setPartyMember(e.target.checked)} /> 中共党员
        </label>
        <Button
          kind="primary"
          busy={act.busy}
          disabled={!voter || !pos}
          testId="candidate-add"
          onClick={async () => {
            if (!voter) return;
            const r = await act.run(() => api.call('candidate.add', { voterId: voter.id, position: pos, education, partyMember }));
            if (r) {
              setVoter(null);
              list.reload();
            }
          }}
        >
          登记为候选人
        </Button>
      </div>
      <ErrorBox error={act.error ?? list.error} />
    </div>
  );
}


/** Candidates of each later round (run-off, 另行选举) with its seats and, once confirmed, who was elected. */
function LaterRounds({ rounds }: { rounds: Out<'round.list'>['rounds'] }) {
  if (rounds.length === 0) return null;
  return (
    <div data-testid="later-rounds">
      {rounds.map((r) => (
        <div key={r.id} className="later-round">
          <h3>
            第 {r.number} 轮（{ROUND_KIND_LABELS[r.kind]}）候选人
          </h3>
          {r.positions.map((p) => {
            const elected = r.result?.positions.find((x) => x.id === p.key)?.elected ?? [];
            return (
              <p key={p.key}>
                {p.name}（应选 {p.seats} 名）：
                {r.candidates
                  .filter((c) => c.position === p.key)
                  .map((c) => `${c.number} 号 ${c.name}${elected.includes(c.name) ? '（当选）' : ''}`)
                  .join('、')}
                {r.result === null ? '　（尚未确认结果）' : ''}
              </p>
            );
          })}
        </div>
      ))}
    </div>
  );
}

/** Names with characters the print font lacks (生僻字): warned before anything is printed. */
function GlyphWarning({ names, testId }: { names: string[]; testId?: string }) {
  const text = names.join('、');
  const check = useLoad(() => (text ? api.call('forms.checkGlyphs', { text }) : Promise.resolve({ ok: true as const, value: null })), [text]);
  const v = check.data;
  if (!v || v.ok) return null;
  const chars = v.missing.map((m) => m.char);
  const who = names.filter((n) => chars.some((c) => n.includes(c)));
  return (
    <Notice kind="warn">
      <span data-testid={testId}>
        打印字体缺少这些字：{v.missing.map((m) => `${m.char}（${m.codePoint}）`).join('、')}，在 {who.join('、')} 的姓名中。打印出来会是空格，请在打印件上手写补上，或请技术人员换用带这些字的字体。
      </span>
    </Notice>
  );
}

type Relative = { candidateId: number; relation: keyof typeof RELATION_LABELS };

function Officials({ election }: { election: Election }) {
  const list = useLoad(() => api.call('official.list', {}), [election.id]);
  const cands = useLoad(() => api.call('candidate.list', {}), [election.id]);
  const [voter, setVoter] = useState<PickedVoter | null>(null);
  const [name, setName] = useState('');
  const [role, setRole] = useState<keyof typeof OFFICIAL_ROLE_LABELS>('scrutineer');
  const [relatives, setRelatives] = useState<Relative[]>([]);
  const boxes = useLoad(() => api.call('box.list', {}), [election.id]);
  const [boxKey, setBoxKey] = useState('');
  const act = useAction();
  useEffect(
    () =>
      api.onCommand((c) => {
        if (c === 'candidate.add' || c === 'candidate.withdraw') cands.reload();
        if (c === 'box.add') boxes.reload();
      }),
    [cands.reload, boxes.reload],
  );
  const mobile = (boxes.data?.boxes ?? []).filter((b) => b.kind === 'mobile');
  const candidates = cands.data?.candidates ?? [];
  const finalName = voter?.name ?? name.trim();
  const officials = list.data?.officials ?? [];
  return (
    <div>
      <table className="table" data-testid="officials">
        <thead>
          <tr>
            <th>姓名</th>
            <th>职责</th>
            <th>是否本村选民</th>
            <th>票箱</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {officials.map((o) => (
            <tr key={o.id}>
              <td className="name">{o.name}</td>
              <td>{OFFICIAL_ROLE_LABELS[o.role]}</td>
              <td>{o.voterId !== null ? '是' : '否（外来工作人员）'}</td>
              <td>{o.boxKey === null ? '中心会场' : o.boxKey}</td>
              <td>
                <OfficialWithdraw officialId={o.id} onDone={list.reload} />
              </td>
            </tr>
          ))}
          {list.data && officials.length === 0 ? (
            <tr>
              <td colSpan={5} className="muted">
                还没有登记工作人员。每个投票站至少需要 3 名监票人。
              </td>
            </tr>
          ) : null}
        </tbody>
      </table>
      {(list.data?.warnings ?? []).map((w) => (
        <Notice key={w.code + w.message} kind="warn">
          {w.message}
        </Notice>
      ))}
      <GlyphWarning names={officials.map((o) => o.name)} testId="officials-glyphs" />
      <h3>登记工作人员</h3>
      <form
        onSubmit={async (e) => {
          e.preventDefault();
          const r = await act.run(() =>
            api.call('official.add', {
              name: finalName,
              role,
              ...(voter ? { voterId: voter.id } : {}),
              ...(relatives.length > 0 ? { relatives } : {}),
              ...(boxKey ? { boxKey } : {}),
            }),
          );
          if (r) {
            setName('');
            setVoter(null);
            setRelatives([]);
            setBoxKey('');
            list.reload();
          }
        }}
      >
        <div className="row">
          <VoterPicker label="从选民名单中选择（本村选民）" onPick={setVoter} picked={voter} testId="official-voter" />
          {!voter ? (
            <Field label="或直接填写姓名">
              <input className="input" value={name} onChange={(e) => setName(e.target.value)} data-testid="official-name" />
            </Field>
          ) : null}
          <Field label="职责">
            <select value={role} onChange={(e) => setRole(e.target.value as keyof typeof OFFICIAL_ROLE_LABELS)} data-testid="official-role">
              {Object.entries(OFFICIAL_ROLE_LABELS).map(([k, v]) => (
                <option key={k} value={k}>
                  {v}
                </option>
              ))}
            </select>
          </Field>
          {mobile.length > 0 ? (
            <Field label="负责的票箱">
              <select value={boxKey} onChange={(e) => setBoxKey(e.target.value)} data-testid="official-box">
                <option value="">中心会场</option>
                {mobile.map((b) => (
                  <option key={b.key} value={b.key}>
                    {b.name}
                  </option>
                ))}
              </select>
            </Field>
          ) : null}
        </div>
        {candidates.length > 0 ? (
          <div className="row">
            <span className="field-label">与候选人的亲属关系（如有，请逐一登记）：</span>
            {relatives.map((r, i) => (
              <span key={i} className="row tight">
                <select
                  value={r.candidateId}
                  onChange={(e) => setRelatives(relatives.map((x, j) => (j === i ? { ...x, candidateId: Number(e.target.value) } : x)))}
                  aria-label="哪位候选人"
                  data-testid={`relative-candidate-${i}`}
                >
                  {candidates.map((c) => (
                    <option key={c.id} value={c.id}>
                      {c.name}（{c.positionName}候选人）
                    </option>
                  ))}
                </select>
                <select
                  value={r.relation}
                  onChange={(e) => setRelatives(relatives.map((x, j) => (j === i ? { ...x, relation: e.target.value as Relative['relation'] } : x)))}
                  aria-label="什么关系"
                  data-testid={`relative-relation-${i}`}
                >
                  {Object.entries(RELATION_LABELS).map(([k, v]) => (
                    <option key={k} value={k}>
                      {v}
                    </option>
                  ))}
                </select>
                <Button kind="quiet" onClick={() => setRelatives(relatives.filter((_, j) => j !== i))}>
                  去掉
                </Button>
              </span>
            ))}
            <Button
              testId="relative-add"
              onClick={() => {
                const first = candidates[0];
                if (first) setRelatives([...relatives, { candidateId: first.id, relation: 'spouse' }]);
              }}
            >
              加一条亲属关系
            </Button>
          </div>
        ) : null}
        <div className="row">
          <Button type="submit" kind="primary" busy={act.busy} disabled={!finalName} testId="official-add">
            登记工作人员
          </Button>
        </div>
      </form>
      <ErrorBox error={act.error ?? list.error} title="不能登记" />
      <p className="muted">
        候选人本人及其近亲属不得担任选举委员会成员和监票人、唱票人、计票人等（F1）；被提名为候选人的工作人员，应先在上表中登记退出（E10）。计票站会拒绝不符合规定的登记并说明原因。
      </p>
    </div>
  );
}

/** What the chair's PIN guards, in plain words (one line per guarded command; unknown ones by summary). */
const GUARDED: Record<string, string> = {
  'proxy.approve': '批准委托投票',
  'party.exclude': '党员不计入应到会人数（外出、患病等）',
  'party.revokeExclusion': '撤销“不计入应到会人数”',
  'count.voidBallot': '作废录错的选票记录',
  'count.correctBallot': '更正选票记录',
  'count.rule': '把存疑票裁定为“更正”或“无法辨认”',
  'round.confirm': '确认本轮结果并锁定',
  'round.leaveUnfilled': '决定不再另行选举、名额空缺',
  'round.reduceSeats': '党员大会表决减少应选名额',
  'export.write': '导出数据（U 盘上报乡镇）',
  'workspace.restore': '从备份恢复数据',
};
const guardedLabel = (c: string): string => GUARDED[c] ?? (contract as Record<string, { summary: string }>)[c]?.summary.split(/[（(]/)[0] ?? c;

const ROLE_LABEL = { chair: '选举委员会主任密码', staff: '工作人员密码' } as const;

function PinForm({ role, isSet, onSaved }: { role: 'chair' | 'staff'; isSet: boolean; onSaved: () => void }) {
  const [pin, setPin] = useState('');
  const [again, setAgain] = useState('');
  const [done, setDone] = useState(false);
  const act = useAction();
  const submit = async () => {
    setDone(false);
    if (!/^\d{4,8}$/.test(pin)) return act.setError({ code: 'PIN_FORMAT', message: '密码应为 4 到 8 位数字，请重新输入。' });
    if (pin !== again) return act.setError({ code: 'PIN_MISMATCH', message: '两次输入的密码不一样，请重新输入。' });
    // Once the chair's PIN is set, changing any PIN asks for it (the PIN dialog, from api.call).
    const r = await act.run(() => api.call('auth.setPin', { role, pin }));
    if (r) {
      setPin('');
      setAgain('');
      setDone(true);
      onSaved();
    }
  };
  const digits = (v: string) => v.replace(/\D/g, '').slice(0, 8);
  return (
    <form
      className="pin-form"
      data-testid={`pin-form-${role}`}
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <div className="row">
        <Field label={isSet ? '新密码（4–8 位数字）' : '密码（4–8 位数字）'}>
          <input className="input input-big" style={{ width: '11rem' }} type="password" inputMode="numeric" autoComplete="new-password" value={pin} onChange={(e) => setPin(digits(e.target.value))} data-testid={`pin-new-${role}`} />
        </Field>
        <Field label="再输入一次">
          <input className="input input-big" style={{ width: '11rem' }} type="password" inputMode="numeric" autoComplete="new-password" value={again} onChange={(e) => setAgain(digits(e.target.value))} data-testid={`pin-again-${role}`} />
        </Field>
        <Button type="submit" kind="primary" busy={act.busy} disabled={pin === '' || again === ''} testId={`pin-save-${role}`}>
          {isSet ? `更改${ROLE_LABEL[role]}` : `设置${ROLE_LABEL[role]}`}
        </Button>
      </div>
      <ErrorBox error={act.error} title="没有保存" />
      {done ? (
        <Notice kind="ok">
          <span data-testid={`pin-saved-${role}`}>{ROLE_LABEL[role]}已保存。请记住它，计票站不能找回忘记的密码。</span>
        </Notice>
      ) : null}
    </form>
  );
}

function Pins({ election }: { election: Election }) {
  const status = useLoad(() => api.call('auth.status', {}), [election.id]);
  const ref = useRef<HTMLDivElement>(null);
  // The start page's nudge opens #/setup?pins: bring this section into view.
  useEffect(() => {
    if (!window.location.hash.includes('?pins')) return;
    ref.current?.scrollIntoView({ block: 'start' });
    ref.current?.querySelector('input')?.focus();
  }, [status.data !== null]);
  const s = status.data;
  // In the order of the day, only what this kind of election has (no proxies at a party meeting).
  const party = election.kind === 'party_branch';
  const relevant = (c: string) => (party ? c !== 'proxy.approve' && c !== 'round.leaveUnfilled' : !c.startsWith('party.') && c !== 'round.reduceSeats');
  // Changing a PIN is said in its own line below.
  const cmds = (s?.chairCommands ?? []).filter((c) => relevant(c) && c !== 'auth.setPin');
  const ordered = [...Object.keys(GUARDED).filter((c) => cmds.includes(c)), ...cmds.filter((c) => !(c in GUARDED))];
  const guarded = [...new Set(ordered.map(guardedLabel))];
  return (
    <div ref={ref} data-testid="pins">
      <p>
        <b>主任密码</b>由选举委员会主任掌握。设置以后，下面这些操作都要由主任输入密码才能进行：
      </p>
      <ul className="pin-guarded" data-testid="pins-guarded">
        {guarded.map((g) => (
          <li key={g}>{g}</li>
        ))}
      </ul>
      <p>更改任何一个密码，也要先输入现在的主任密码。</p>
      <p>
        <b>工作人员密码</b>设置以后，“发放选票”和“计票”两页要输入它才能打开；{STAFF_IDLE_MINUTES} 分钟无人操作或按“锁定屏幕”会重新锁上，以免有人在无人看管的桌前发票或录票。
      </p>
      <p className="muted">密码为 4 到 8 位数字。连续输错 3 次会暂停输入，之后每次输错等待时间加倍。忘记主任密码无法找回，请妥善保管。</p>
      {s ? (
        <div className="pin-roles">
          {(['chair', 'staff'] as const).map((role) => {
            const isSet = role === 'chair' ? s.chairPinSet : s.staffPinSet;
            const locked = role === 'chair' ? s.chairLockedSeconds : s.staffLockedSeconds;
            return (
              <div key={role} className="pin-role">
                <h3>
                  {ROLE_LABEL[role]}：
                  <span className={`tag ${isSet ? 'tag-ok' : 'tag-warn'}`} data-testid={`pin-status-${role}`}>
                    {isSet ? '已设置' : '未设置'}
                  </span>
                </h3>
                {locked > 0 ? <Notice kind="warn">密码输错次数太多，已锁定，请 {locked} 秒后再试。</Notice> : null}
                {role === 'chair' && !isSet ? (
                  <Notice kind={election.drill ? 'info' : 'warn'}>
                    还没有设置主任密码，现在任何人都可以批准委托、作废选票、确认结果和导出。{election.drill ? '演练时可以不设。' : '正式选举前请务必设置。'}
                  </Notice>
                ) : null}
                <PinForm role={role} isSet={isSet} onSaved={status.reload} />
              </div>
            );
          })}
        </div>
      ) : (
        <Busy busy={status.loading} />
      )}
      <ErrorBox error={status.error} />
    </div>
  );
}

export function SetupPage({ election }: { election: Election }) {
  return (
    <div>
      <Section title="职位和职数">
        <Positions election={election} />
      </Section>
      <Section title="正式候选人">
        <Candidates election={election} />
      </Section>
      <Section title="近亲属关系（回避）">
        <Relations election={election} />
      </Section>
      <Section title="选票（印制）">
        <BallotPrint election={election} />
      </Section>
      <Section title="工作人员">
        <Officials election={election} />
      </Section>
      <Section title="密码">
        <Pins election={election} />
      </Section>
    </div>
  );
}
