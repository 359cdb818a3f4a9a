/**
 * 书记选举 (P10): after the members' assembly, the new committee's first plenary elects 书记 and
 * 副书记 from among its members (等额 allowed; more than half of all committee members needed; four
 * fifths present). The result is 待上级党组织批复 until the approval's reference and date are
 * recorded; only then are certificates printed.
 */
import { useEffect, useState } from 'react';
import { api, type Out } from '../api';
import type { Election } from '../api';
import { Busy, Button, ErrorBox, Field, Notice, Section, useAction, useLoad } from '../ui/kit';
import { OpenPdf } from './ballot-print';
import { RevokeInline } from '../ui/revoke';

type State = Out<'secretary.get'>;
type Vote = State['votes'][number];
type Post = 'secretary' | 'deputy';
type Mark = 'for' | 'against' | 'none';

function StartVote({ state, onDone }: { state: State; onDone: () => void }) {
  const done = state.elected.secretary.length > 0;
  const [sec, setSec] = useState<number[]>([]);
  const [dep, setDep] = useState<number[]>([]);
  const [depSeats, setDepSeats] = useState(done ? 1 : 0);
  const act = useAction();
  const toggle = (list: number[], set: (v: number[]) => void, id: number) => set(list.includes(id) ? list.filter((x) => x !== id) : [...list, id]);
  const taken = new Set([...state.elected.secretary, ...state.elected.deputy].map((x) => x.voterId));
  const members = state.members.filter((m) => !taken.has(m.voterId));
  return (
    <div data-testid="secretary-start">
      {!done ? (
        <div className="row">
          <span className="field-label">书记候选人（应选 1 名，可以等额）：</span>
          {members.map((m) => (
            <label key={m.voterId} className="check">
              <input type="checkbox" checked={sec.includes(m.voterId)} onChange={() => toggle(sec, setSec, m.voterId)} data-testid={`sec-cand-${m.name}`} /> {m.name}
            </label>
          ))}
        </div>
      ) : null}
      <div className="row">
        <Field label="副书记名额">
          <select value={depSeats} onChange={(e) => setDepSeats(Number(e.target.value))} data-testid="dep-seats">
            {[0, 1, 2].map((n) => (
              <option key={n} value={n}>
                {n === 0 ? '不设副书记' : `${n} 名`}
              </option>
            ))}
          </select>
        </Field>
        {depSeats > 0
          ? members.map((m) => (
              <label key={m.voterId} className="check">
                <input type="checkbox" checked={dep.includes(m.voterId)} onChange={() => toggle(dep, setDep, m.voterId)} data-testid={`dep-cand-${m.name}`} /> {m.name}
              </label>
            ))
          : null}
      </div>
      <Button
        kind="primary"
        busy={act.busy}
        testId="secretary-start-button"
        onClick={async () => {
          const posts = [
            ...(!done && sec.length > 0 ? [{ post: 'secretary' as const, seats: 1, candidateIds: sec }] : []),
            ...(depSeats > 0 && dep.length > 0 ? [{ post: 'deputy' as const, seats: depSeats, candidateIds: dep }] : []),
          ];
          const r = await act.run(() => api.call('secretary.startVote', { posts }));
          if (r) onDone();
        }}
      >
        开始投票
      </Button>
      <ErrorBox error={act.error} title="不能开始" />
    </div>
  );
}

function BallotEntry({ vote, state, onDone }: { vote: Vote; state: State; onDone: () => void }) {
  const [marks, setMarks] = useState<Record<string, Mark>>({});
  const [writeIn, setWriteIn] = useState<Record<string, string>>({});
  const [unreadable, setUnreadable] = useState(false);
  const act = useAction();
  const key = (post: Post, id: number) => `${post}/${id}`;
  const submit = async () => {
    const out: Partial<Record<Post, { for: number[]; against: number[]; writeIns: number[] }>> = {};
    for (const p of vote.posts) {
      const m = { for: [] as number[], against: [] as number[], writeIns: [] as number[] };
      for (const c of p.candidates) {
        const v = marks[key(p.post, c.voterId)] ?? 'none';
        if (v === 'for') m.for.push(c.voterId);
        if (v === 'against') m.against.push(c.voterId);
      }
      const w = writeIn[p.post];
      if (w) m.writeIns.push(Number(w));
      out[p.post] = m;
    }
    const r = await act.run(() => api.call('secretary.recordBallot', { marks: out, ...(unreadable ? { unreadable } : {}) }));
    if (r) {
      setMarks({});
      setWriteIn({});
      setUnreadable(false);
      onDone();
    }
  };
  return (
    <div data-testid="secretary-entry">
      {vote.posts.map((p) => (
        <div key={p.post} className="row">
          <b>{p.name}：</b>
          {p.candidates.map((c) => (
            <Field key={c.voterId} label={`${c.number} ${c.name}`}>
              <select value={marks[key(p.post, c.voterId)] ?? 'none'} onChange={(e) => setMarks({ ...marks, [key(p.post, c.voterId)]: e.target.value as Mark })} data-testid={`mark-${p.post}-${c.name}`}>
                <option value="none">弃权（不画）</option>
                <option value="for">赞成 ○</option>
                <option value="against">不赞成 ×</option>
              </select>
            </Field>
          ))}
          <Field label="另选他人（画○）">
            <select value={writeIn[p.post] ?? ''} onChange={(e) => setWriteIn({ ...writeIn, [p.post]: e.target.value })} data-testid={`writein-${p.post}`}>
              <option value="">（无）</option>
              {state.members.map((m) => (
                <option key={m.voterId} value={m.voterId}>
                  {m.name}
                </option>
              ))}
            </select>
          </Field>
        </div>
      ))}
      <label className="check">
        <input type="checkbox" checked={unreadable} onChange={(e) => setUnreadable(e.target.checked)} /> 无法辨认（整张无效）
      </label>
      <Button kind="primary" busy={act.busy} testId="secretary-record" onClick={() => void submit()}>
        录入这张选票
      </Button>
      <ErrorBox error={act.error} title="没有录入" />
    </div>
  );
}

function OpenVote({ vote, state, onDone }: { vote: Vote; state: State; onDone: () => void }) {
  const [present, setPresent] = useState<number[]>(vote.present.map((p) => p.voterId));
  const [collected, setCollected] = useState(vote.collected === null ? '' : String(vote.collected));
  const [voiding, setVoiding] = useState<number | null>(null);
  const [ballotFile, setBallotFile] = useState<string | null>(null);
  const act = useAction();
  const quorum = present.length >= vote.quorumNeeded;
  return (
    <Section title={`第 ${vote.number} 次投票：${vote.posts.map((p) => `${p.name} ${p.seats} 名（候选人 ${p.candidates.map((c) => c.name).join('、')}）`).join('；')}`}>
      <div className="row">
        <span className="field-label">到会委员（应到 {vote.members.length} 名，至少 {vote.quorumNeeded} 名）：</span>
        {vote.members.map((m) => (
          <label key={m.voterId} className="check">
            <input type="checkbox" checked={present.includes(m.voterId)} onChange={() => setPresent(present.includes(m.voterId) ? present.filter((x) => x !== m.voterId) : [...present, m.voterId])} data-testid={`present-${m.name}`} /> {m.name}
          </label>
        ))}
        <Button
          busy={act.busy}
          testId="secretary-present"
          onClick={async () => {
            const r = await act.run(() => api.call('secretary.setPresent', { voterIds: present }));
            if (r) onDone();
          }}
        >
          保存到会名单
        </Button>
        <Button
          busy={act.busy}
          testId="secretary-ballot"
          onClick={async () => {
            const r = await act.run(() => api.call('forms.render', { form: 'secretary_ballot' }));
            if (r) setBallotFile(r.fileName);
          }}
        >
          打印选票（每位委员一张）
        </Button>
        {ballotFile ? <OpenPdf fileName={ballotFile} /> : null}
      </div>
      {vote.present.length >= vote.quorumNeeded ? (
        <BallotEntry vote={vote} state={state} onDone={onDone} />
      ) : (
        <Notice kind="warn">{quorum ? '请先保存到会名单。' : `到会委员不足五分之四（至少 ${vote.quorumNeeded} 名），不能进行选举。`}</Notice>
      )}
      <table className="table" data-testid="secretary-ballots">
        <thead>
          <tr>
            <th className="num">序号</th>
            <th>选票内容</th>
            <th>判定</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {vote.ballots.map((b) => (
            <tr key={b.id} className={b.status === 'voided' ? 'removed' : ''}>
              <td className="num">{b.seq}</td>
              <td>{b.summary}</td>
              <td>{{ valid: '有效', blank: '有效（弃权）', void: '无效', voided: `已作废：${b.voidReason ?? ''}` }[b.status]}</td>
              <td>
                {b.status === 'voided' ? null : (
                  <RevokeInline
                    open={voiding === b.id}
                    onOpen={() => setVoiding(b.id)}
                    onClose={() => setVoiding(null)}
                    busy={act.busy}
                    label="作废"
                    placeholder="作废原因"
                    onRevoke={async (reason) => {
                      const r = await act.run(() => api.call('secretary.voidBallot', { ballotId: b.id, reason }));
                      if (r) onDone();
                      return r !== undefined;
                    }}
                  />
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {vote.result ? (
        <p data-testid="secretary-live">
          已录入 {vote.counted} 张。当前得票：
          {vote.result.positions.map((p) => `${p.id === 'secretary' ? '书记' : '副书记'} ${Object.entries(p.votes).map(([n, v]) => `${n} ${v}`).join('、') || '—'}`).join('；')}
          （当选须超过全体委员半数：{Math.floor(vote.members.length / 2) + 1} 票）
        </p>
      ) : null}
      <div className="row">
        <Field label="收回选票数">
          <input className="input" type="number" min={0} value={collected} onChange={(e) => setCollected(e.target.value)} style={{ width: '6rem' }} data-testid="secretary-collected" />
        </Field>
        <Button
          busy={act.busy}
          testId="secretary-collected-save"
          onClick={async () => {
            const r = await act.run(() => api.call('secretary.setCollected', { collected: Number(collected) }));
            if (r) onDone();
          }}
        >
          保存收回数
        </Button>
        <Button
          kind="primary"
          busy={act.busy}
          testId="secretary-confirm"
          onClick={async () => {
            const r = await act.run(() => api.call('secretary.confirm', {}));
            if (r) onDone();
          }}
        >
          确认结果
        </Button>
      </div>
      <ErrorBox error={act.error} />
    </Section>
  );
}

function Approval({ state, onDone }: { state: State; onDone: () => void }) {
  const [ref, setRef] = useState(state.approval?.ref ?? '');
  const [date, setDate] = useState(state.approval?.approvedOn ?? '');
  const act = useAction();
  return (
    <div className="row" data-testid="secretary-approval">
      <Field label="上级党组织批复文号">
        <input className="input" value={ref} onChange={(e) => setRef(e.target.value)} data-testid="approval-ref" />
      </Field>
      <Field label="批复日期">
        <input className="input" type="date" value={date} onChange={(e) => setDate(e.target.value)} data-testid="approval-date" />
      </Field>
      <Button
        kind="primary"
        busy={act.busy}
        disabled={!ref.trim() || !date}
        testId="approval-save"
        onClick={async () => {
          const r = await act.run(() => api.call('secretary.recordApproval', { ref, approvedOn: date }));
          if (r) onDone();
        }}
      >
        {state.approval ? '更正批复' : '记录批复'}
      </Button>
      <ErrorBox error={act.error} title="没有记录" />
    </div>
  );
}

function Papers({ state }: { state: State }) {
  const [file, setFile] = useState<{ name: string; form: string } | null>(null);
  const act = useAction();
  const render = async (form: 'secretary_report' | 'certificates') => {
    const r = await act.run(() => api.call('forms.render', { form }));
    if (r) setFile({ name: r.fileName, form });
  };
  return (
    <div className="row">
      <Button busy={act.busy} testId="secretary-report" onClick={() => void render('secretary_report')}>
        生成结果报告单
      </Button>
      <Button busy={act.busy} disabled={state.status !== 'approved'} title={state.status !== 'approved' ? '待上级党组织批复后才能打印' : ''} testId="secretary-certificates" onClick={() => void render('certificates')}>
        生成当选证书
      </Button>
      {file ? <OpenPdf fileName={file.name} testId={`open-${file.form}`} /> : null}
      <ErrorBox error={act.error} />
    </div>
  );
}

export function SecretaryPage({ election }: { election: Election }) {
  const st = useLoad(() => api.call('secretary.get', {}), [election.id, election.phase]);
  const [another, setAnother] = useState(false);
  useEffect(() => api.onCommand((c) => {
    if (c.startsWith('secretary.') || c === 'round.confirm') st.reload();
  }), [st.reload]);
  const s = st.data;
  if (!s) return <Busy busy={st.loading} />;
  const open = s.votes.find((v) => !v.confirmed);
  return (
    <div>
      <Section title="委员会第一次全体会议：选举书记、副书记">
        <p>
          {s.orgName}：<b data-testid="secretary-status">{s.statusLabel}</b>
        </p>
        <p className="muted">新一届委员会委员（{s.members.length} 名）：{s.members.map((m) => m.name).join('、') || '（党员大会的选举结果确认后显示）'}。书记、副书记从委员中选举，可以等额；候选人获得的赞成票超过全体委员的半数才能当选，到会委员须达到五分之四。</p>
        {s.elected.secretary.length > 0 ? (
          <Notice kind="ok">
            <span data-testid="secretary-elected">
              书记：{s.elected.secretary.map((x) => x.name).join('、')}
              {s.elected.deputy.length > 0 ? `；副书记：${s.elected.deputy.map((x) => x.name).join('、')}` : ''}
            </span>
          </Notice>
        ) : null}
        {!open && s.canStart && (s.elected.secretary.length === 0 || another) ? <StartVote state={s} onDone={st.reload} /> : null}
        {!open && s.canStart && s.elected.secretary.length > 0 && !another ? (
          <Button kind="quiet" testId="secretary-another" onClick={() => setAnother(true)}>
            再次投票（选举尚缺的副书记）
          </Button>
        ) : null}
        {!open && !s.canStart && s.status !== 'approved' && s.votes.length === 0 ? <Notice kind="warn">{s.reason}</Notice> : null}
        <ErrorBox error={st.error} />
      </Section>
      {open ? <OpenVote key={open.id} vote={open} state={s} onDone={st.reload} /> : null}
      {s.status === 'awaiting_approval' || s.status === 'approved' ? (
        <Section title="上级党组织批复">
          {s.status === 'awaiting_approval' ? <Notice kind="warn">选举结果待上级党组织批复。收到批复后，填写文号和日期；之后才能打印当选证书。</Notice> : <Notice kind="ok">已批复：{s.approval?.ref}（{s.approval?.approvedOn}）</Notice>}
          <Approval state={s} onDone={st.reload} />
        </Section>
      ) : null}
      {s.votes.some((v) => v.confirmed) ? (
        <Section title="打印">
          <Papers state={s} />
        </Section>
      ) : null}
    </div>
  );
}
