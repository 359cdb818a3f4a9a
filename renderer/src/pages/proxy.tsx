/** 委托投票: add, approve, revoke, the list for publication; refusals (X1–X5) shown in place. */
import { useEffect, useState } from 'react';
import type { Election } from '../app';
import { callLoose } from '../loose';
import { RELATION_LABELS } from '../../../shared/model.js';
import { Button, ErrorBox, Field, Notice, Section, fmtTime, useAction } from '../ui/kit';
import { VoterPicker, type PickedVoter } from '../ui/voter-picker';

interface Proxy {
  id: number;
  principal: { id: number; name: string };
  trustee: { id: number; name: string };
  relation: keyof typeof RELATION_LABELS;
  writtenRef: string;
  status: 'pending' | 'approved' | 'revoked';
  at: string;
}
interface ProxyList {
  proxies: Proxy[];
  publishedOn: string | null;
}
const STATUS = { pending: '待审核', approved: '已同意', revoked: '已撤销' } as const;

export function ProxyPage({ election }: { election: Election }) {
  const [list, setList] = useState<ProxyList | null>(null);
  const [tick, setTick] = useState(0);
  const [principal, setPrincipal] = useState<PickedVoter | null>(null);
  const [trustee, setTrustee] = useState<PickedVoter | null>(null);
  const [relation, setRelation] = useState<keyof typeof RELATION_LABELS>('spouse');
  const [ref, setRef] = useState('');
  const [revoking, setRevoking] = useState<number | null>(null);
  const [reason, setReason] = useState('');
  const add = useAction();
  const act = useAction();
  useEffect(() => {
    void callLoose<ProxyList>('proxy.list', {}).then((r) => (r.ok ? setList(r.value) : act.setError(r.error)));
  }, [tick, act]);
  const reload = () => setTick((t) => t + 1);
  const open = election.phase === 'setup' || election.phase === 'roll_published';
  return (
    <div>
      {open ? (
        <Section title="登记书面委托">
          <p className="muted">受托人须是本村登记选民、委托人的近亲属；每人最多接受 {String(election.rules.proxyMaxPerTrustee ?? 3)} 人委托；候选人不能当受托人；不能转委托（X1–X4）。</p>
          <div className="row">
            <VoterPicker label="委托人（不能到场的选民）" picked={principal} onPick={setPrincipal} testId="proxy-principal" />
            <VoterPicker label="受托人（代为投票）" picked={trustee} onPick={setTrustee} testId="proxy-trustee" />
            <Field label="关系">
              <select value={relation} onChange={(e) => setRelation(e.target.value as keyof typeof RELATION_LABELS)} data-testid="proxy-relation">
                {Object.entries(RELATION_LABELS).map(([k, l]) => (
                  <option key={k} value={k}>
                    {l}
                  </option>
                ))}
              </select>
            </Field>
            <Field label="委托书编号">
              <input className="input" value={ref} onChange={(e) => setRef(e.target.value)} data-testid="proxy-ref" />
            </Field>
            <Button
              kind="primary"
              busy={add.busy}
              disabled={!principal || !trustee}
              testId="proxy-add"
              onClick={async () => {
                if (!principal || !trustee) return;
                const r = await add.run(() => callLoose('proxy.add', { principalId: principal.id, trusteeId: trustee.id, relation, writtenRef: ref }));
                if (r !== undefined) {
                  setPrincipal(null);
                  setTrustee(null);
                  setRef('');
                  reload();
                }
              }}
            >
              登记委托
            </Button>
          </div>
          <ErrorBox error={add.error} title="不能登记" />
        </Section>
      ) : null}
      <Section
        title="委托投票人名单"
        actions={
          open ? (
            <Button testId="proxy-publish" busy={act.busy} onClick={async () => { const r = await act.run(() => callLoose('proxy.publish', {})); if (r !== undefined) reload(); }}>
              公布委托名单
            </Button>
          ) : null
        }
      >
        {list?.publishedOn ? <Notice kind="ok">委托名单已于 {list.publishedOn} 公布。</Notice> : <Notice kind="warn">委托名单还没有公布。未经同意并公布的委托无效（X5）。</Notice>}
        <table className="table" data-testid="proxy-table">
          <thead>
            <tr>
              <th>委托人</th>
              <th>受托人</th>
              <th>关系</th>
              <th>委托书</th>
              <th>状态</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {(list?.proxies ?? []).map((p) => (
              <tr key={p.id} className={p.status === 'revoked' ? 'removed' : ''}>
                <td>{p.principal.name}</td>
                <td>{p.trustee.name}</td>
                <td>{RELATION_LABELS[p.relation]}</td>
                <td>{p.writtenRef}</td>
                <td>
                  <span className={`tag ${p.status === 'approved' ? 'tag-ok' : p.status === 'pending' ? 'tag-warn' : ''}`}>{STATUS[p.status]}</span>
                  <span className="muted">{fmtTime(p.at)}</span>
                </td>
                <td>
                  {p.status === 'pending' && open ? (
                    <Button kind="primary" testId="proxy-approve" onClick={async () => { const r = await act.run(() => callLoose('proxy.approve', { proxyId: p.id })); if (r !== undefined) reload(); }}>
                      同意
                    </Button>
                  ) : null}{' '}
                  {p.status !== 'revoked' && open ? (
                    revoking === p.id ? (
                      <span className="row" style={{ margin: 0 }}>
                        <input className="input" value={reason} onChange={(e) => setReason(e.target.value)} aria-label="撤销原因" />
                        <Button kind="danger" onClick={async () => { const r = await act.run(() => callLoose('proxy.revoke', { proxyId: p.id, reason })); if (r !== undefined) { setRevoking(null); setReason(''); reload(); } }}>
                          确认撤销
                        </Button>
                      </span>
                    ) : (
                      <Button kind="quiet" onClick={() => setRevoking(p.id)}>
                        撤销
                      </Button>
                    )
                  ) : null}
                </td>
              </tr>
            ))}
            {list && list.proxies.length === 0 ? (
              <tr>
                <td colSpan={6} className="muted">
                  还没有委托。
                </td>
              </tr>
            ) : null}
          </tbody>
        </table>
        <ErrorBox error={act.error} />
      </Section>
    </div>
  );
}
