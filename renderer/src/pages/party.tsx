/**
 * 党员大会: members with and without a vote (P1), exclusions from the base with both approvals
 * (P3: higher organisation's consent and the assembly's vote), and the quorum base always in view (P2, P4).
 */
import { useEffect, useState } from 'react';
import type { Election } from '../app';
import { callLoose } from '../loose';
import { Button, ErrorBox, Field, Notice, Section, Stat, useAction } from '../ui/kit';
import { VoterPicker, type PickedVoter } from '../ui/voter-picker';

interface Summary {
  members: number;
  withVote: number;
  noVote: { name: string; status: string }[];
  excluded: number;
  base: number;
  present: number;
  quorumNeeded: number;
  quorumMet: boolean;
  exclusions: { id: number; voterId: number; name: string; reason: string; higherOrgRef: string; assemblyRef: string; revoked: boolean }[];
  reasons: string[];
}

export function QuorumBar({ s }: { s: Summary }) {
  return (
    <div className="stats" data-testid="quorum">
      <Stat label="党员总数" value={s.members} />
      <Stat label="有选举权" value={s.withVote} />
      <Stat label="经批准不计入" value={s.excluded} />
      <Stat label="应到会（基数）" value={<span data-testid="quorum-base">{s.base}</span>} />
      <Stat label="实到会" value={s.present} />
      <Stat label={`过 4/5 需到会 ${s.quorumNeeded} 人`} value={s.quorumMet ? '已达到' : '未达到'} tone={s.quorumMet ? 'ok' : 'warn'} />
    </div>
  );
}

export function PartyPage({ election }: { election: Election }) {
  const [s, setS] = useState<Summary | null>(null);
  const [tick, setTick] = useState(0);
  const [who, setWho] = useState<PickedVoter | null>(null);
  const [reason, setReason] = useState('');
  const [higher, setHigher] = useState('');
  const [assembly, setAssembly] = useState('');
  const [revoking, setRevoking] = useState<number | null>(null);
  const [revokeReason, setRevokeReason] = useState('');
  const act = useAction();
  useEffect(() => {
    void callLoose<Summary>('party.summary', {}).then((r) => (r.ok ? setS(r.value) : act.setError(r.error)));
  }, [tick, act, election.phase]);
  const reload = () => setTick((t) => t + 1);
  return (
    <div>
      {s ? <QuorumBar s={s} /> : null}
      <Section title="不计算在应到会人数之内的党员（P3）">
        <p className="muted">须经上级党组织同意，并经党员大会通过；两项批准的文号都要记录。</p>
        <table className="table" data-testid="exclusions">
          <thead>
            <tr>
              <th>姓名</th>
              <th>原因</th>
              <th>上级党组织同意</th>
              <th>党员大会通过</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {(s?.exclusions ?? []).map((x) => (
              <tr key={x.id} className={x.revoked ? 'removed' : ''}>
                <td>{x.name}</td>
                <td>{x.reason}</td>
                <td>{x.higherOrgRef}</td>
                <td>{x.assemblyRef}</td>
                <td>
                  {x.revoked ? '已撤销' : revoking === x.id ? (
                    <span className="row" style={{ margin: 0 }}>
                      <input className="input" value={revokeReason} onChange={(e) => setRevokeReason(e.target.value)} aria-label="撤销原因" />
                      <Button kind="danger" onClick={async () => { const r = await act.run(() => callLoose('party.revokeExclusion', { exclusionId: x.id, reason: revokeReason })); if (r !== undefined) { setRevoking(null); reload(); } }}>确认撤销</Button>
                    </span>
                  ) : (
                    <Button kind="quiet" onClick={() => setRevoking(x.id)}>撤销</Button>
                  )}
                </td>
              </tr>
            ))}
            {s && s.exclusions.length === 0 ? (
              <tr>
                <td colSpan={5} className="muted">没有经批准不计入的党员。</td>
              </tr>
            ) : null}
          </tbody>
        </table>
        {election.phase !== 'confirmed' ? (
          <div className="row">
            <VoterPicker label="党员" picked={who} onPick={setWho} testId="exclude-who" />
            <Field label="原因">
              <select value={reason} onChange={(e) => setReason(e.target.value)} data-testid="exclude-reason">
                <option value="">— 请选择 —</option>
                {(s?.reasons ?? []).map((r) => (
                  <option key={r} value={r}>
                    {r}
                  </option>
                ))}
              </select>
            </Field>
            <Field label="上级党组织同意文号">
              <input className="input" value={higher} onChange={(e) => setHigher(e.target.value)} data-testid="exclude-higher" />
            </Field>
            <Field label="党员大会通过记录">
              <input className="input" value={assembly} onChange={(e) => setAssembly(e.target.value)} data-testid="exclude-assembly" />
            </Field>
            <Button
              kind="primary"
              busy={act.busy}
              disabled={!who || !reason}
              testId="exclude-add"
              onClick={async () => {
                if (!who) return;
                const r = await act.run(() => callLoose('party.exclude', { voterId: who.id, reason, higherOrgRef: higher, assemblyRef: assembly }));
                if (r !== undefined) {
                  setWho(null);
                  setHigher('');
                  setAssembly('');
                  reload();
                }
              }}
            >
              记录
            </Button>
          </div>
        ) : null}
        <ErrorBox error={act.error} />
      </Section>
      <Section title="没有选举权的党员（P1）">
        {s && s.noVote.length > 0 ? (
          <ul>
            {s.noVote.map((m) => (
              <li key={m.name}>
                {m.name}：{m.status}
              </li>
            ))}
          </ul>
        ) : (
          <Notice>名册中的党员都是有选举权的正式党员。</Notice>
        )}
      </Section>
    </div>
  );
}
