/**
 * 流动票箱 (B5): register a box, then for each box its list of voters (those who cannot come to the
 * hall and have no proxy), its scrutineers (registered on 设置 → 工作人员 with the box), the township's
 * approval where the province asks for one, and the publication of the list before use. The box issues
 * ballots only to voters on its published list.
 */
import { useEffect, useState } from 'react';
import type { Election } from '../api';
import { api, type Out } from '../api';
import { Button, ErrorBox, Field, Notice, Section, useAction, useLoad } from '../ui/kit';
import { RevokeInline } from '../ui/revoke';
import { VoterPicker, type PickedVoter } from '../ui/voter-picker';

type Box = Out<'box.list'>['boxes'][number];

/** A free key for a new mobile box (keys are ASCII ids; people see the name). */
const freeKey = (boxes: Box[]): string => {
  for (let n = 1; ; n++) if (!boxes.some((b) => b.key === `mobile-${n}`)) return `mobile-${n}`;
};

function BoxPanel({ election, box, onChanged }: { election: Election; box: Box; onChanged: () => void }) {
  const detail = useLoad(() => api.call('box.voters', { key: box.key }), [box.key]);
  const [voter, setVoter] = useState<PickedVoter | null>(null);
  const [ref, setRef] = useState('');
  const [removing, setRemoving] = useState<number | null>(null);
  const act = useAction();
  const needApproval = election.rules.mobileBoxApproval === true;
  const need = Number(election.rules.mobileBoxScrutineers ?? 2);
  const d = detail.data;
  const changed = () => {
    detail.reload();
    onChanged();
  };
  return (
    <div className="box-panel" data-testid={`box-panel-${box.key}`}>
      <p>
        监票人：{d && d.scrutineers.length > 0 ? d.scrutineers.join('、') : '还没有'}（应不少于 {need} 名，在“设置 → 工作人员”中登记并选择这个票箱）
        {needApproval ? `；乡镇同意文号：${box.approvalRef || '还没有登记'}` : box.approvalRef ? `；同意文号：${box.approvalRef}` : ''}
        {box.publishedOn ? `；名单已于 ${box.publishedOn} 公布` : '；名单还没有公布'}
      </p>
      {box.notReady ? (
        <Notice kind="warn">
          <span data-testid={`box-not-ready-${box.key}`}>{box.notReady}</span>
        </Notice>
      ) : (
        <Notice kind="ok">
          <span data-testid={`box-ready-${box.key}`}>这个流动票箱可以使用：只向下面名单上的选民发票。</span>
        </Notice>
      )}
      <table className="table" data-testid={`box-voters-${box.key}`}>
        <thead>
          <tr>
            <th>姓名</th>
            <th>村民小组</th>
            <th>身份证后四位</th>
            <th>名单</th>
            <th>本轮</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {(d?.voters ?? []).map((v) => (
            <tr key={v.voterId}>
              <td className="name">{v.name}</td>
              <td>{v.group}</td>
              <td>{v.idTail}</td>
              <td>{v.published ? '已公布' : <span className="tag tag-warn">未公布</span>}</td>
              <td>{v.issued ? '已领票' : ''}</td>
              <td>
                {v.issued ? null : (
                  <RevokeInline
                    open={removing === v.voterId}
                    onOpen={() => setRemoving(v.voterId)}
                    onClose={() => setRemoving(null)}
                    busy={act.busy}
                    placeholder="移出原因（如：能到会场投票）"
                    testId={`box-remove-${v.voterId}`}
                    onRevoke={async (reason) => {
                      const x = await act.run(() => api.call('box.removeVoter', { key: box.key, voterId: v.voterId, reason }));
                      if (x) changed();
                      return x !== undefined;
                    }}
                  />
                )}
              </td>
            </tr>
          ))}
          {d && d.voters.length === 0 ? (
            <tr>
              <td colSpan={6} className="muted">
                还没有列入选民。
              </td>
            </tr>
          ) : null}
        </tbody>
      </table>
      <div className="row">
        <VoterPicker label="列入名单的选民（不能到会场、没有委托他人）" picked={voter} onPick={setVoter} testId={`box-voter-${box.key}`} />
        <Button
          kind="primary"
          busy={act.busy}
          disabled={!voter}
          testId={`box-add-voter-${box.key}`}
          onClick={async () => {
            if (!voter) return;
            const x = await act.run(() => api.call('box.addVoters', { key: box.key, voterIds: [voter.id] }));
            if (x) {
              setVoter(null);
              changed();
            }
          }}
        >
          列入名单
        </Button>
      </div>
      <div className="row">
        {needApproval || box.approvalRef ? (
          <>
            <Field label="乡镇选举指导机构同意文号">
              <input className="input" value={ref} onChange={(e) => setRef(e.target.value)} data-testid={`box-approval-${box.key}`} placeholder="如：镇选举指导组〔2026〕5号" />
            </Field>
            <Button
              busy={act.busy}
              disabled={ref.trim() === ''}
              testId={`box-approve-${box.key}`}
              onClick={async () => {
                const x = await act.run(() => api.call('box.approve', { key: box.key, ref }));
                if (x) {
                  setRef('');
                  changed();
                }
              }}
            >
              登记同意文号
            </Button>
          </>
        ) : null}
        <Button
          kind="primary"
          busy={act.busy}
          testId={`box-publish-${box.key}`}
          onClick={async () => {
            const x = await act.run(() => api.call('box.publish', { key: box.key }));
            if (x) changed();
          }}
        >
          公布名单和监票人
        </Button>
      </div>
      <p className="muted">公布后可在“打印”页打印《流动票箱投票选民名单》张贴，并由监票人随箱携带。</p>
      <ErrorBox error={act.error ?? detail.error} title="没有完成" />
    </div>
  );
}

/** The mobile boxes of this election: register one, and manage each one's list (B5). */
export function MobileBoxes({ election, boxes, canAdd, onChanged }: { election: Election; boxes: Box[]; canAdd: boolean; onChanged: () => void }) {
  const mobile = boxes.filter((b) => b.kind === 'mobile');
  const [name, setName] = useState('');
  const [open, setOpen] = useState<string | null>(null);
  const act = useAction();
  useEffect(() => api.onCommand((c) => (c === 'official.add' || c === 'official.remove' ? onChanged() : undefined)), [onChanged]);
  const need = Number(election.rules.mobileBoxScrutineers ?? 2);
  return (
    <Section title="流动票箱">
      <p className="muted">
        行动不便、不能到投票会场、也没有委托他人的选民，可以由流动票箱上门投票。每个流动票箱须有不少于 {need} 名监票人
        {election.rules.mobileBoxApproval === true ? '，并经乡镇选举指导机构同意' : ''}；它服务的选民名单和监票人要在使用前公布。发票时选择“流动票箱”，只能发给名单上的选民；计票时单独录入它收回的张数。
      </p>
      {mobile.length > 0 ? (
        <table className="table" data-testid="mobile-boxes">
          <thead>
            <tr>
              <th>票箱</th>
              <th className="num">名单人数</th>
              <th className="num">监票人</th>
              <th>公布</th>
              <th className="num">本轮发出选票</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {mobile.map((b) => (
              <tr key={b.key} className={open === b.key ? 'selected' : ''}>
                <td className="name">{b.name}</td>
                <td className="num">{b.listed}</td>
                <td className="num">
                  {b.scrutineers}/{need}
                </td>
                <td>{b.publishedOn ?? <span className="tag tag-warn">未公布</span>}</td>
                <td className="num">{b.issued}</td>
                <td>
                  <Button kind="quiet" onClick={() => setOpen(open === b.key ? null : b.key)} testId={`box-open-${b.key}`}>
                    {open === b.key ? '收起' : '名单和监票人'}
                  </Button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p className="muted" data-testid="no-mobile-boxes">
          还没有登记流动票箱。
        </p>
      )}
      {mobile
        .filter((b) => b.key === open)
        .map((b) => (
          <BoxPanel key={b.key} election={election} box={b} onChanged={onChanged} />
        ))}
      {canAdd ? (
        <form
          onSubmit={async (e) => {
            e.preventDefault();
            const key = freeKey(boxes);
            const r = await act.run(() => api.call('box.add', { key, name: name.trim() }));
            if (r) {
              setName('');
              setOpen(key);
              onChanged();
            }
          }}
        >
          <div className="row">
            <Field label="流动票箱名称">
              <input className="input" value={name} onChange={(e) => setName(e.target.value)} placeholder="例如：流动票箱（东片）" data-testid="box-name" maxLength={50} />
            </Field>
            <Button type="submit" busy={act.busy} disabled={name.trim() === ''} testId="box-add">
              登记流动票箱
            </Button>
          </div>
          <ErrorBox error={act.error} title="没有登记" />
        </form>
      ) : null}
    </Section>
  );
}
