/** 委托投票: add, approve, revoke, the list for publication; refusals (X1–X5) shown in place. */
import { useEffect, useState } from 'react';
import type { Election } from '../api';
import { api, type Out } from '../api';
import { PROXY_RELATION_LABELS } from '../../../shared/model.js';
import { Busy, Button, ErrorBox, Field, Notice, Section, fmtTime, useAction } from '../ui/kit';
import { VoterPicker, type PickedVoter } from '../ui/voter-picker';
import { RevokeInline } from '../ui/revoke';

type ProxyList = Out<'proxy.list'>;
const STATUS = { pending: '待审核', approved: '已同意', revoked: '已撤销' } as const;

export function ProxyPage({ election }: { election: Election }) {
  const [list, setList] = useState<ProxyList | null>(null);
  const [tick, setTick] = useState(0);
  const [principal, setPrincipal] = useState<PickedVoter | null>(null);
  const [trustee, setTrustee] = useState<PickedVoter | null>(null);
  const [relation, setRelation] = useState<keyof typeof PROXY_RELATION_LABELS>('spouse');
  const [ref, setRef] = useState('');
  const [revoking, setRevoking] = useState<number | null>(null);
  const [warnings, setWarnings] = useState<{ code: string; message: string }[]>([]);
  const add = useAction();
  const act = useAction();
  const { setError } = act;
  useEffect(() => {
    void api
      .call('proxy.list', { includeRevoked: true })
      .then((r) => (r.ok ? setList(r.value) : setError(r.error)));
  }, [tick, setError]);
  const reload = () => {
    setTick((t) => t + 1);
    setWarnings([]);
  };
  const open = election.phase === 'setup' || election.phase === 'roll_published';
  const lastPub = list?.publications[list.publications.length - 1];
  const unpublished = (list?.proxies ?? []).filter((p) => p.status === 'approved' && !p.published).length;
  const flagged = (list?.proxies ?? []).filter((p) => p.trusteeIsCandidate);
  return (
    <div>
      {open ? (
        <Section title="登记书面委托">
          <p className="muted">
            受托人须是本村有选举权的村民：委托人的近亲属，或者其他村民
            {election.rules.proxyTrustee === 'close_relative' ? '（本次选举按原规定只能委托近亲属）' : '（没有亲属关系的选“其他村民”）'}；每人最多接受{' '}
            {list?.maxPerTrustee ?? String(election.rules.proxyMaxPerTrustee ?? 3)}{' '}
            人委托；候选人不能当受托人；不能转委托；委托须在选举日前 {String(election.rules.proxyDeadlineDaysBefore ?? 1)} 日办结（X1–X5）。
          </p>
          <div className="row">
            <VoterPicker
              label="委托人（不能到场的选民）"
              picked={principal}
              onPick={setPrincipal}
              testId="proxy-principal"
            />
            <VoterPicker
              label="受托人（代为投票）"
              picked={trustee}
              onPick={setTrustee}
              testId="proxy-trustee"
            />
            <Field label="关系">
              <select
                value={relation}
                onChange={(e) => setRelation(e.target.value as keyof typeof PROXY_RELATION_LABELS)}
                data-testid="proxy-relation"
              >
                {Object.entries(PROXY_RELATION_LABELS).map(([k, l]) => (
                  <option key={k} value={k}>
                    {l}
                  </option>
                ))}
              </select>
            </Field>
            <Field label="委托书编号">
              <input
                className="input"
                value={ref}
                onChange={(e) => setRef(e.target.value)}
                data-testid="proxy-ref"
                placeholder="如：委托书 001"
              />
            </Field>
            <Button
              kind="primary"
              busy={add.busy}
              disabled={!principal || !trustee}
              testId="proxy-add"
              onClick={async () => {
                if (!principal || !trustee) return;
                const r = await add.run(() =>
                  api.call('proxy.add', {
                    principalId: principal.id,
                    trusteeId: trustee.id,
                    relation,
                    writtenRef: ref,
                  }),
                );
                if (r !== undefined) {
                  setPrincipal(null);
                  setTrustee(null);
                  setRef('');
                  reload();
                  setWarnings(r.warnings);
                }
              }}
            >
              登记委托
            </Button>
          </div>
          <Busy busy={add.busy} />
          <ErrorBox error={add.error} title="不能登记" />
          {warnings.map((w) => (
            <Notice key={w.code + w.message} kind="warn">
              {w.message}
            </Notice>
          ))}
        </Section>
      ) : null}
      <Section
        title="委托投票人名单"
        actions={
          open ? (
            <Button
              testId="proxy-publish"
              busy={act.busy}
              onClick={async () => {
                const r = await act.run(() => api.call('proxy.publish', {}));
                if (r !== undefined) reload();
              }}
            >
              公布委托名单
            </Button>
          ) : null
        }
      >
        {lastPub ? (
          <Notice kind={unpublished > 0 ? 'warn' : 'ok'}>
            <span data-testid="proxy-published">
              委托名单已于 {lastPub.publishedOn} 公布（{lastPub.proxyCount} 项）。
              {unpublished > 0 ? `之后又同意了 ${unpublished} 项，需要再公布一次才有效（X5）。` : ''}
            </span>
          </Notice>
        ) : (
          <Notice kind="warn">委托名单还没有公布。未经同意并公布的委托无效（X5）。</Notice>
        )}
        {flagged.length > 0 ? (
          <Notice kind="warn">
            <span data-testid="proxy-flagged">
              {flagged.map((p) => `${p.principalName} 委托的 ${p.trusteeName}`).join('、')} 已成为候选人，候选人不能接受委托（X3）。请撤销这些委托，由委托人另行委托他人或本人投票；撤销前不能公布委托名单。
            </span>
          </Notice>
        ) : null}
        <table className="table" data-testid="proxy-table">
          <thead>
            <tr>
              <th>委托人</th>
              <th>受托人</th>
              <th>关系</th>
              <th>委托书</th>
              <th>状态</th>
              <th>操作</th>
            </tr>
          </thead>
          <tbody>
            {(list?.proxies ?? []).map((p) => (
              <tr key={p.id} className={p.status === 'revoked' ? 'removed' : ''}>
                <td>{p.principalName}</td>
                <td>
                  {p.trusteeName}
                  {p.trusteeIsCandidate ? (
                    <span className="tag tag-warn" data-testid={`proxy-trustee-candidate-${p.id}`}>
                      已成为候选人，须改委托
                    </span>
                  ) : null}
                </td>
                <td>{p.relationLabel}</td>
                <td>{p.writtenRef}</td>
                <td>
                  <span
                    className={`tag ${p.status === 'approved' ? 'tag-ok' : p.status === 'pending' ? 'tag-warn' : ''}`}
                  >
                    {STATUS[p.status]}
                  </span>
                  {p.status === 'approved' ? (
                    <span className={`tag ${p.published ? 'tag-ok' : 'tag-warn'}`}>
                      {p.published ? '已公布' : '未公布'}
                    </span>
                  ) : null}
                  {p.issued ? <span className="tag tag-ok">已代领</span> : null}
                  {p.revokeReason ? <span className="muted">（{p.revokeReason}）</span> : null}
                  <span className="muted"> {fmtTime(p.at)}</span>
                </td>
                <td>
                  {p.status === 'pending' && open ? (
                    <Button
                      kind="primary"
                      testId="proxy-approve"
                      onClick={async () => {
                        const r = await act.run(() => api.call('proxy.approve', { proxyId: p.id }));
                        if (r !== undefined) reload();
                      }}
                    >
                      同意
                    </Button>
                  ) : null}{' '}
                  {p.status !== 'revoked' && open ? (
                    <RevokeInline
                      open={revoking === p.id}
                      onOpen={() => setRevoking(p.id)}
                      onClose={() => setRevoking(null)}
                      busy={act.busy}
                      onRevoke={async (why) => {
                        const r = await act.run(() => api.call('proxy.revoke', { proxyId: p.id, reason: why }));
                        if (r !== undefined) reload();
                        return r !== undefined;
                      }}
                    />
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
        {list && list.trustees.length > 0 ? (
          <p className="muted">受托人：{list.trustees.map((t) => `${t.name}（${t.count} 人）`).join('、')}</p>
        ) : null}
        <Busy busy={act.busy} />
        <ErrorBox error={act.error} />
      </Section>
    </div>
  );
}
