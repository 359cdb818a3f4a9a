/**
 * 党员大会: members with and without a vote (P1), exclusions from the base with both approvals
 * (P3: higher organisation's consent and the assembly's vote), the quorum base always in view (P2),
 * and sign-in (ballot.issue) with the live 4/5 quorum (P4, turnout.get).
 */
import { PhaseStep } from '../ui/phase-step';
import { useEffect, useRef, useState } from 'react';
import { api, type Out } from '../api';
import { PARTY_STATUS_LABELS } from '../../../shared/model.js';
import type { Election } from '../api';
import { Busy, Button, ErrorBox, Field, Notice, Section, Stat, fmtTime, useAction, useLoad } from '../ui/kit';
import { VoterPicker, type PickedVoter } from '../ui/voter-picker';
import { RevokeInline } from '../ui/revoke';

type Summary = Out<'party.summary'>;
type Turnout = Out<'turnout.get'>;
type Hit = Out<'roll.search'>['voters'][number];
type Issued = Out<'ballot.issue'>;

const OTHER = '__other__';
/** Commands after which the member counts may have changed (reads are not listed: they would loop). */
const RELOAD_ON = new Set(['ballot.issue', 'party.exclude', 'party.revokeExclusion', 'roll.importConfirm', 'roll.add', 'roll.remove', 'election.setPhase']);

/** The quorum line shown on top of the page at all times (P2 base, P4 4/5). */
export function QuorumBar({ s }: { s: Summary }) {
  const excluded = s.excluded.length;
  return (
    <div className="stats" data-testid="quorum">
      <Stat label="党员总数" value={s.members} />
      <Stat label="有表决权（正式党员）" value={s.withVote} />
      <Stat label="经批准不计入" value={excluded} />
      <Stat label="应到会人数（基数）" value={<span data-testid="quorum-base">{s.base}</span>} />
      <Stat label="实到会" value={<span data-testid="quorum-present">{s.present}</span>} />
      <Stat
        label={`到会须达 4/5：至少 ${s.needed} 人`}
        value={s.quorumReached ? '已达到' : `还差 ${s.more} 人`}
        tone={s.quorumReached ? 'ok' : 'warn'}
      />
    </div>
  );
}

function Exclusions({ election, s, reload }: { election: Election; s: Summary; reload: () => void }) {
  const [who, setWho] = useState<PickedVoter | null>(null);
  const [reason, setReason] = useState('');
  const [custom, setCustom] = useState('');
  const [higher, setHigher] = useState('');
  const [assembly, setAssembly] = useState('');
  const [revoking, setRevoking] = useState<number | null>(null);
  const act = useAction();
  const finalReason = reason === OTHER ? custom.trim() : reason;
  const canEdit = election.phase === 'setup' || election.phase === 'roll_published' || election.phase === 'voting';
  return (
    <Section title="不计入应到会人数的党员（P3）">
      <p className="muted">因外出、生病等原因不能参加大会的正式党员，须经上级党组织同意、并经党员大会通过，才可不计入应到会人数。两项批准都要记下文号或记录。</p>
      <table className="table" data-testid="exclusions">
        <thead>
          <tr>
            <th>姓名</th>
            <th>原因</th>
            <th>上级党组织同意</th>
            <th>党员大会通过</th>
            <th>记录时间</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {s.excluded.map((x) => (
            <tr key={x.id}>
              <td className="name">{x.name}</td>
              <td>
                {x.reason}
                {x.customReason ? <span className="tag">自填原因</span> : null}
              </td>
              <td>{x.higherOrgRef}</td>
              <td>{x.assemblyRef}</td>
              <td>{fmtTime(x.at)}</td>
              <td>
                {canEdit || revoking === x.id ? (
                  <RevokeInline
                    open={revoking === x.id}
                    onOpen={() => setRevoking(x.id)}
                    onClose={() => setRevoking(null)}
                    busy={act.busy}
                    placeholder="撤销原因，例如：本人已回村参会"
                    testId="revoke"
                    openTestId={`revoke-${x.id}`}
                    onRevoke={async (why) => {
                      const r = await act.run(() => api.call('party.revokeExclusion', { exclusionId: x.id, reason: why }));
                      if (r) reload();
                      return r !== undefined;
                    }}
                  />
                ) : null}
              </td>
            </tr>
          ))}
          {s.excluded.length === 0 ? (
            <tr>
              <td colSpan={6} className="muted">
                没有经批准不计入的党员：全部正式党员都计入应到会人数。
              </td>
            </tr>
          ) : null}
        </tbody>
      </table>
      {canEdit ? (
        <div className="form-block">
          <h3>登记一名不计入的党员（需要主任密码）</h3>
          <div className="row">
            <VoterPicker label="党员姓名" picked={who} onPick={setWho} testId="exclude-who" />
            <Field label="原因">
              <select value={reason} onChange={(e) => setReason(e.target.value)} data-testid="exclude-reason">
                <option value="">— 请选择 —</option>
                {s.reasons.map((r) => (
                  <option key={r} value={r}>
                    {r}
                  </option>
                ))}
                <option value={OTHER}>其他原因（自己填写）</option>
              </select>
            </Field>
            {reason === OTHER ? (
              <Field label="填写原因">
                <input className="input" value={custom} onChange={(e) => setCustom(e.target.value)} data-testid="exclude-custom" />
              </Field>
            ) : null}
          </div>
          <div className="row">
            <Field label="上级党组织同意（文号）">
              <input className="input wide" value={higher} onChange={(e) => setHigher(e.target.value)} placeholder="例如：镇党委〔2026〕3号" data-testid="exclude-higher" />
            </Field>
            <Field label="党员大会通过（会议记录）">
              <input className="input wide" value={assembly} onChange={(e) => setAssembly(e.target.value)} placeholder="例如：6月1日党员大会表决通过" data-testid="exclude-assembly" />
            </Field>
            <Button
              kind="primary"
              busy={act.busy}
              disabled={!who || !finalReason}
              testId="exclude-add"
              onClick={async () => {
                if (!who) return;
                const r = await act.run(() => api.call('party.exclude', { voterId: who.id, reason: finalReason, higherOrgRef: higher, assemblyRef: assembly }));
                if (r) {
                  setWho(null);
                  setReason('');
                  setCustom('');
                  setHigher('');
                  setAssembly('');
                  reload();
                }
              }}
            >
              登记不计入
            </Button>
          </div>
        </div>
      ) : (
        <Notice>投票开始后不能再改动不计入名单。</Notice>
      )}
      <ErrorBox error={act.error} />
    </Section>
  );
}

function Members({ election, s }: { election: Election; s: Summary }) {
  const list = useLoad(() => api.call('roll.list', { limit: 1000 }), [election.id, s.members]);
  const voters = list.data?.voters ?? [];
  const excludedIds = new Set(s.excluded.map((x) => x.voterId));
  const withVote = voters.filter((v) => v.hasVote);
  const without = voters.filter((v) => !v.hasVote);
  return (
    <Section title="党员名单：有无表决权（P1）">
      <p className="muted">只有正式党员有表决权和选举权；预备党员、受留党察看处分期间、被停止党员权利的党员可以列席，不计入应到会人数。</p>
      <div className="cols">
        <div>
          <h3>
            有表决权 {s.withVote} 人{s.excluded.length > 0 ? `（其中 ${s.excluded.length} 人经批准不计入）` : ''}
          </h3>
          <ul className="chips" data-testid="members-with-vote">
            {withVote.map((v) => (
              <li key={v.id} className={excludedIds.has(v.id) ? 'chip chip-muted' : 'chip'}>
                {v.name}
                {excludedIds.has(v.id) ? '（不计入）' : ''}
              </li>
            ))}
          </ul>
        </div>
        <div>
          <h3>没有表决权 {without.length} 人</h3>
          {s.withoutVote.length > 0 ? (
            <p>
              {s.withoutVote
                .filter((w) => w.count > 0)
                .map((w) => `${w.label} ${w.count} 人`)
                .join('，')}
            </p>
          ) : null}
          {without.length === 0 ? (
            <Notice>名册中的党员都是有表决权的正式党员。</Notice>
          ) : (
            <ul className="chips" data-testid="members-without-vote">
              {without.map((v) => (
                <li key={v.id} className="chip chip-muted">
                  {v.name}（{v.partyStatus ? PARTY_STATUS_LABELS[v.partyStatus] : v.categoryLabel}）
                </li>
              ))}
            </ul>
          )}
        </div>
      </div>
      <ErrorBox error={list.error} />
    </Section>
  );
}

function SignIn({ election, onSigned }: { election: Election; onSigned: () => void }) {
  const [q, setQ] = useState('');
  const [hits, setHits] = useState<Hit[]>([]);
  const [active, setActive] = useState(0);
  const [last, setLast] = useState<Issued | null>(null);
  const [turnout, setTurnout] = useState<Turnout | null>(null);
  const ref = useRef<HTMLInputElement>(null);
  const act = useAction();
  const loadTurnout = async () => {
    const r = await api.call('turnout.get', {});
    if (r.ok) setTurnout(r.value);
  };
  useEffect(() => {
    void loadTurnout();
    return api.onCommand((c) => {
      if (c === 'ballot.issue') void loadTurnout();
    });
  }, [election.currentRound.id]);
  useEffect(() => {
    if (q.trim() === '') {
      setHits([]);
      return;
    }
    let live = true;
    void api.call('roll.search', { query: q.trim(), limit: 8 }).then((r) => {
      if (live && r.ok) {
        setHits(r.value.voters);
        setActive(0);
      }
    });
    return () => {
      live = false;
    };
  }, [q]);

  if (election.phase === 'setup' || election.phase === 'roll_published') {
    return (
      <Section title="大会签到">
        <Notice>{election.phase === 'setup' ? '请先在“党员名册”页公布党员名单，然后才能开始签到。' : '党员名单已公布。大会开始时点击“开始签到”。'}</Notice>
        {election.phase === 'roll_published' ? (
          <PhaseStep phase="voting" label="开始签到" anyway="仍然开始签到" testId="start-signin" />
        ) : null}
        <ErrorBox error={act.error} />
      </Section>
    );
  }

  const sign = async (h: Hit) => {
    const r = await act.run(() => api.call('ballot.issue', { voterId: h.id }));
    if (r) {
      setLast(r);
      setQ('');
      setHits([]);
      onSigned();
      await loadTurnout();
      ref.current?.focus();
    }
  };

  return (
    <Section title="大会签到（领取选票）">
      {turnout ? (
        <div className={`signin-line ${turnout.reached ? 'ok' : 'warn'}`} data-testid="turnout">
          已签到 <b data-testid="participants">{turnout.participants}</b> / {turnout.base} 人 ·{' '}
          {turnout.reached ? <b>已达到 4/5（至少 {turnout.needed} 人），可以进行选举</b> : <b>还差 {turnout.more} 人达到 4/5（至少 {turnout.needed} 人）</b>}
        </div>
      ) : null}
      {turnout && turnout.base > 0 ? (
        <div className="meter" aria-hidden="true">
          <div className="meter-fill" style={{ width: `${Math.min(100, Math.floor((100 * turnout.participants) / turnout.base))}%` }} />
          <div className="meter-mark" style={{ left: `${Math.floor((100 * turnout.needed) / turnout.base)}%` }} />
        </div>
      ) : null}
      {election.phase === 'voting' ? (
        <>
          <Field label="输入姓名、拼音首字母或身份证后四位，回车签到">
            <input
              ref={ref}
              className="input input-big"
              value={q}
              autoFocus
              onChange={(e) => setQ(e.target.value)}
              onKeyDown={(e) => {
                if (e.key === 'ArrowDown') setActive((a) => Math.min(a + 1, hits.length - 1));
                else if (e.key === 'ArrowUp') setActive((a) => Math.max(a - 1, 0));
                else if (e.key === 'Enter') {
                  e.preventDefault();
                  const h = hits[active];
                  if (h) void sign(h);
                }
              }}
              data-testid="signin-search"
            />
          </Field>
          {hits.length > 0 ? (
            <table className="table" data-testid="signin-hits">
              <tbody>
                {hits.map((h, i) => (
                  <tr key={h.id} className={i === active ? 'active' : ''}>
                    <td className="name">{h.name}</td>
                    <td>{h.categoryLabel}</td>
                    <td>{h.group}</td>
                    <td>身份证尾号 {h.idNumber.slice(-4)}</td>
                    <td>
                      <Button kind={i === active ? 'primary' : 'normal'} disabled={!h.hasVote || h.removed} onClick={() => void sign(h)}>
                        {h.hasVote ? '签到' : '无表决权'}
                      </Button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : null}
          {last ? (
            <Notice kind="ok">
              <span data-testid="signin-notice">
                {last.issue.time} {last.message}
              </span>
            </Notice>
          ) : null}
        </>
      ) : (
        <Notice>签到已结束（{election.phase === 'counting' ? '正在计票' : '结果已确认'}）。</Notice>
      )}
      <Busy busy={act.busy} />
      <ErrorBox error={act.error} />
    </Section>
  );
}

export function PartyPage({ election }: { election: Election }) {
  const sum = useLoad(() => api.call('party.summary', {}), [election.id, election.phase, election.currentRound.id]);
  useEffect(
    () =>
      api.onCommand((c) => {
        if (RELOAD_ON.has(c)) sum.reload();
      }),
    [sum.reload],
  );
  const s = sum.data;
  const before = election.phase === 'setup' || election.phase === 'roll_published';
  return (
    <div>
      {s ? <QuorumBar s={s} /> : <Busy busy={sum.loading} />}
      <ErrorBox error={sum.error} />
      {s && s.members === 0 ? <Notice kind="warn">党员名册还是空的。请先在“党员名册”页导入或登记党员。</Notice> : null}
      {/* Before the assembly the exclusions are the work; once it has started, the sign-in is. */}
      {before ? null : <SignIn election={election} onSigned={sum.reload} />}
      {s ? <Exclusions election={election} s={s} reload={sum.reload} /> : null}
      {before ? <SignIn election={election} onSigned={sum.reload} /> : null}
      {s ? <Members election={election} s={s} /> : null}
    </div>
  );
}
