/**
 * One person on the roll: register one (the checks of an import run on them: ID number, age on
 * election day, category and its approval, a number already on the roll); see a registration with
 * its history; correct its name, ID number, group or category (a new row with the reason, never an
 * edit in place); remove it with a reason (R4); register a removed person again when the committee
 * decides (a new registration with a new card number; the old one stays as it was).
 */
import { useState } from 'react';
import type { Election } from '../api';
import { api, type In, type Out } from '../api';
import { BUILTIN_CATEGORIES, CATEGORY_LABELS, PARTY_STATUS_LABELS, REMOVAL_REASON_LABELS } from '../../../shared/model.js';
import { cardNumber } from '../../../shared/voter-card.js';
import { Busy, Button, Field, Notice, fmtTime, useAction, useLoad } from '../ui/kit';
import { EditForm } from '../ui/edit-form';
import { PlainError, PlainWarnings, cnDate, todayIso } from '../ui/plain';

type PartyStatus = keyof typeof PARTY_STATUS_LABELS;
type RemovalReason = keyof typeof REMOVAL_REASON_LABELS;
type Warnings = { code: string; message: string }[];

const strings = (x: unknown): string[] => (Array.isArray(x) ? x.filter((s): s is string => typeof s === 'string') : []);

/** The categories this election's rules allow (R2): the three in the law and the profile's extras. */
function categoriesOf(election: Election): { code: string; label: string; needsApproval: boolean }[] {
  const extras = strings(election.rules.extraVoterCategories).filter((c) => !(BUILTIN_CATEGORIES as readonly string[]).includes(c));
  const needing = new Set(strings(election.rules.extraCategoriesNeedingApproval));
  return [
    ...BUILTIN_CATEGORIES.map((c) => ({ code: c as string, label: CATEGORY_LABELS[c] ?? c, needsApproval: c === 'nonresident_approved' })),
    ...extras.map((c) => ({ code: c, label: CATEGORY_LABELS[c] ?? c, needsApproval: needing.has(c) })),
  ];
}

function CategorySelect({ election, value, onChange, testId }: { election: Election; value: string; onChange: (v: string) => void; testId: string }) {
  return (
    <select value={value} onChange={(e) => onChange(e.target.value)} data-testid={testId} aria-label="登记类别">
      {value === '' ? <option value="">（请选择）</option> : null}
      {categoriesOf(election).map((c) => (
        <option key={c.code} value={c.code}>
          {c.label}
        </option>
      ))}
    </select>
  );
}

function StatusSelect({ value, onChange, testId }: { value: PartyStatus | ''; onChange: (v: PartyStatus) => void; testId: string }) {
  return (
    <select value={value} onChange={(e) => onChange(e.target.value as PartyStatus)} data-testid={testId} aria-label="党员类别">
      {value === '' ? <option value="">（请选择）</option> : null}
      {Object.entries(PARTY_STATUS_LABELS).map(([k, l]) => (
        <option key={k} value={k}>
          {l}
        </option>
      ))}
    </select>
  );
}

const needsApproval = (election: Election, category: string): boolean => categoriesOf(election).some((c) => c.code === category && c.needsApproval);

/** What registration records about a person: name, ID number, group, category (or Party status) and its approval. */
interface Identity {
  name: string;
  idNumber: string;
  group: string;
  category: string;
  approvalRef: string;
}

/** The identity fields, shared by registering one person (prefix add, all required) and correcting one (prefix correct). */
function IdentityFields<T extends Identity>({
  election,
  prefix,
  f,
  setF,
  status,
  setStatus,
  approvalShown,
}: {
  election: Election;
  prefix: 'add' | 'correct';
  f: T;
  setF: (f: T) => void;
  status: PartyStatus | '';
  setStatus: (s: PartyStatus) => void;
  approvalShown: boolean;
}) {
  const party = election.kind === 'party_branch';
  const star = prefix === 'add' ? ' *' : '';
  const set = (k: keyof Identity) => (e: { target: { value: string } }) => setF({ ...f, [k]: e.target.value });
  return (
    <>
      <Field label={`姓名${star}`}>
        <input className="input" value={f.name} onChange={set('name')} data-testid={`${prefix}-name`} autoComplete="off" />
      </Field>
      <Field label={`身份证号码${star}`} hint="性别和出生日期按号码登记">
        <input className="input mono" value={f.idNumber} onChange={set('idNumber')} data-testid={`${prefix}-id`} autoComplete="off" style={{ width: '15rem' }} />
      </Field>
      <Field label={party ? '党小组' : '村民小组'}>
        <input className="input" value={f.group} onChange={set('group')} data-testid={`${prefix}-group`} autoComplete="off" style={{ width: '8rem' }} />
      </Field>
      {party ? (
        <Field label={`党员类别${star}`}>
          <StatusSelect value={status} onChange={setStatus} testId={`${prefix}-status`} />
        </Field>
      ) : (
        <Field label={`登记类别${star}`}>
          <CategorySelect election={election} value={f.category} onChange={(category) => setF({ ...f, category })} testId={`${prefix}-category`} />
        </Field>
      )}
      {!party && approvalShown ? (
        <Field label={`同意的依据${needsApproval(election, f.category) ? ' *' : ''}`} hint="村民会议或村民代表会议的决定、文号">
          <input className="input" value={f.approvalRef} onChange={set('approvalRef')} data-testid={`${prefix}-approval`} />
        </Field>
      ) : null}
    </>
  );
}

export function AddVoter({ election, onAdded }: { election: Election; onAdded: (voterId: number) => void }) {
  const party = election.kind === 'party_branch';
  const empty = { name: '', idNumber: '', group: '', category: party ? '' : 'resident', approvalRef: '', phone: '', note: '' };
  const [f, setF] = useState(empty);
  const [status, setStatus] = useState<PartyStatus | ''>('');
  const [done, setDone] = useState<Out<'roll.add'> | null>(null);
  const act = useAction();
  const set = (k: keyof typeof empty) => (e: { target: { value: string } }) => setF({ ...f, [k]: e.target.value });
  const submit = async () => {
    setDone(null);
    const input: In<'roll.add'> = {
      name: f.name.trim(),
      idNumber: f.idNumber.trim(),
      ...(f.group.trim() ? { group: f.group.trim() } : {}),
      ...(party ? (status ? { partyStatus: status } : {}) : { category: f.category }),
      ...(!party && f.approvalRef.trim() ? { approvalRef: f.approvalRef.trim() } : {}),
      ...(f.phone.trim() ? { phone: f.phone.trim() } : {}),
      ...(f.note.trim() ? { note: f.note.trim() } : {}),
    };
    if (!input.name) return act.setError({ code: 'NAME_MISSING', message: '请填写姓名。' });
    if (!input.idNumber) return act.setError({ code: 'ID_MISSING', message: '请填写身份证号码。' });
    const r = await act.run(() => api.call('roll.add', input));
    if (r) {
      setDone(r);
      setF(empty);
      setStatus('');
      onAdded(r.voter.id);
    }
  };
  return (
    <form
      data-testid="add-voter"
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <p className="muted">按导入名单时的同样检查：身份证号码、选举日是否满 18 周岁、登记类别，以及此人是否已在名单上。</p>
      <div className="row">
        <IdentityFields election={election} prefix="add" f={f} setF={setF} status={status} setStatus={setStatus} approvalShown={needsApproval(election, f.category)} />
        <Field label="电话">
          <input className="input" value={f.phone} onChange={set('phone')} style={{ width: '10rem' }} />
        </Field>
        <Field label="备注">
          <input className="input" value={f.note} onChange={set('note')} />
        </Field>
        <Button kind="primary" type="submit" busy={act.busy} testId="add-submit">
          登记
        </Button>
      </div>
      <PlainError error={act.error} title="没有登记" testId="add-error" />
      {done ? (
        <Notice kind="ok">
          <span data-testid="add-done">
            已登记 {done.voter.name}（{done.voter.gender === 'F' ? '女' : '男'}，{done.voter.age} 岁），选民证号 {done.voter.cardNumber}。
          </span>
        </Notice>
      ) : null}
      {done ? <PlainWarnings warnings={done.warnings} /> : null}
    </form>
  );
}

type Got = Out<'roll.get'>;
type Voter = Got['voter'];

/** Correct name, ID number, group, category (or Party status): only what changed is sent, with the reason. */
function CorrectForm({ election, v, onDone, onCancel }: { election: Election; v: Voter; onDone: (w: Warnings) => void; onCancel: () => void }) {
  const party = election.kind === 'party_branch';
  const [f, setF] = useState({ name: v.name, idNumber: v.idNumber, group: v.group, category: v.category, approvalRef: v.approvalRef, reason: '' });
  const [status, setStatus] = useState<PartyStatus | ''>(v.partyStatus ?? '');
  const act = useAction();
  const set = (k: keyof typeof f) => (e: { target: { value: string } }) => setF({ ...f, [k]: e.target.value });
  const submit = async () => {
    const input: In<'roll.correct'> = { voterId: v.id, reason: f.reason.trim() };
    if (f.name.trim() !== v.name) input.name = f.name.trim();
    if (f.idNumber.trim().toUpperCase() !== v.idNumber) input.idNumber = f.idNumber.trim();
    if (f.group.trim() !== v.group) input.group = f.group.trim();
    if (!party && f.category !== v.category) input.category = f.category;
    if (!party && f.approvalRef.trim() !== v.approvalRef) input.approvalRef = f.approvalRef.trim();
    if (party && status !== '' && status !== v.partyStatus) input.partyStatus = status;
    if (Object.keys(input).length === 2) return act.setError({ code: 'CORRECT_NOTHING', message: '没有改动任何一项。请先改正写错的内容，再写明原因。' });
    if (!input.reason) return act.setError({ code: 'REASON_MISSING', message: '请写明更正的原因（例如：对照户口簿，姓名录入有误）。' });
    const r = await act.run(() => api.call('roll.correct', input));
    if (r) onDone(r.warnings);
  };
  return (
    <EditForm
      testId="correct-form"
      title="更正登记"
      intro="改正写错的项，写明原因。原来的登记保留，更正另记一行，证号不变。"
      submit={{ label: '保存更正', testId: 'correct-submit' }}
      onSubmit={() => void submit()}
      onCancel={onCancel}
      busy={act.busy}
      error={act.error}
      errorTitle="没有更正"
    >
      <div className="row">
        <IdentityFields
          election={election}
          prefix="correct"
          f={f}
          setF={setF}
          status={status}
          setStatus={setStatus}
          approvalShown={needsApproval(election, f.category) || v.approvalRef !== ''}
        />
      </div>
      <div className="row">
        <Field label="更正原因 *">
          <input className="input input-wide" value={f.reason} onChange={set('reason')} data-testid="correct-reason" placeholder="例如：对照户口簿，姓名录入有误" />
        </Field>
      </div>
    </EditForm>
  );
}

function RemoveForm({ election, v, onDone, onCancel }: { election: Election; v: Voter; onDone: (w: Warnings) => void; onCancel: () => void }) {
  const [reason, setReason] = useState<RemovalReason>(election.phase === 'voting' ? 'death' : 'moved');
  const [note, setNote] = useState('');
  const act = useAction();
  return (
    <EditForm
      testId="remove-form"
      title={`从名单中移除 ${v.name}`}
      intro="移除不会删除记录：名单上保留此人，写明原因、时间和操作人。"
      submit={{ label: '确认移除', testId: 'remove-confirm', kind: 'danger' }}
      onSubmit={() => void act.run(() => api.call('roll.remove', { voterId: v.id, reason, ...(note.trim() ? { note: note.trim() } : {}) })).then((r) => r && onDone(r.warnings))}
      onCancel={onCancel}
      busy={act.busy}
      error={act.error}
      errorTitle="没有移除"
    >
      <div className="row">
        <Field label="原因">
          <select value={reason} onChange={(e) => setReason(e.target.value as RemovalReason)} data-testid="remove-reason">
            {Object.entries(REMOVAL_REASON_LABELS).map(([k, l]) => (
              <option key={k} value={k}>
                {l}
              </option>
            ))}
          </select>
        </Field>
        <Field label={reason === 'other' ? '具体情况 *' : '说明'}>
          <input className="input input-wide" value={note} onChange={(e) => setNote(e.target.value)} data-testid="remove-note" />
        </Field>
      </div>
    </EditForm>
  );
}

function ReregisterForm({ v, onDone, onCancel }: { v: Voter; onDone: (r: Out<'roll.reregister'>) => void; onCancel: () => void }) {
  const [decisionRef, setRef] = useState('');
  const [decidedOn, setOn] = useState(todayIso());
  const [note, setNote] = useState('');
  const act = useAction();
  return (
    <EditForm
      testId="rereg-form"
      title={`重新登记 ${v.name}`}
      intro="按选举委员会的决定，把已移除的人重新登记：另起一个新的登记和新的选民证号，原来的移除记录保留。"
      submit={{ label: '重新登记', testId: 'rereg-submit' }}
      onSubmit={() => {
        if (!decisionRef.trim()) return act.setError({ code: 'DECISION_MISSING', message: '请填写选举委员会决定的依据（会议纪要或决定的文号）。' });
        void act.run(() => api.call('roll.reregister', { voterId: v.id, decisionRef: decisionRef.trim(), decidedOn, ...(note.trim() ? { note: note.trim() } : {}) })).then((r) => r && onDone(r));
      }}
      onCancel={onCancel}
      busy={act.busy}
      error={act.error}
      errorTitle="没有重新登记"
    >
      <div className="row">
        <Field label="选举委员会决定的依据 *">
          <input className="input input-wide" value={decisionRef} onChange={(e) => setRef(e.target.value)} data-testid="rereg-ref" placeholder="例如：选举委员会会议纪要（第3次）" />
        </Field>
        <Field label="决定日期">
          <input className="input" type="date" value={decidedOn} onChange={(e) => setOn(e.target.value)} data-testid="rereg-date" />
        </Field>
        <Field label="说明">
          <input className="input" value={note} onChange={(e) => setNote(e.target.value)} />
        </Field>
      </div>
    </EditForm>
  );
}

/** One registration: the facts, where it came from, every correction, and what may be done with it now. */
export function VoterPanel({
  election,
  voterId,
  onChanged,
  onOpen,
  onClose,
}: {
  election: Election;
  voterId: number;
  onChanged: () => void;
  onOpen: (voterId: number) => void;
  onClose: () => void;
}) {
  const party = election.kind === 'party_branch';
  const { data, error, loading, reload } = useLoad(() => api.call('roll.get', { voterId }), [voterId]);
  const [mode, setMode] = useState<'correct' | 'remove' | 'reregister' | null>(null);
  const [notice, setNotice] = useState<{ text: string; warnings: Warnings } | null>(null);
  const rollOpen = election.phase === 'setup' || election.phase === 'roll_published';
  const finished = (text: string, warnings: Warnings) => {
    setMode(null);
    setNotice({ text, warnings });
    reload();
    onChanged();
  };
  if (error) return <PlainError error={error} title="读取登记失败" />;
  if (!data) return <Busy busy={loading} label="正在读取…" />;
  const v = data.voter;
  return (
    <div className="voter-panel" data-testid="voter-panel" aria-label={`${v.name}的登记`}>
      <div className="section-head">
        <h3>
          {v.name}
          {v.removed ? <span className="tag tag-bad" style={{ marginLeft: '0.6rem' }}>已移除</span> : null}
        </h3>
        <Button kind="quiet" onClick={onClose}>
          关闭
        </Button>
      </div>
      <div className="facts" data-testid="voter-facts">
        <div>
          <span>选民证号</span>
          <b className="mono" data-testid="voter-card">{v.cardNumber}</b>
        </div>
        <div>
          <span>身份证号码</span>
          <b className="mono">{v.idNumber}</b>
        </div>
        <div>
          <span>性别、年龄</span>
          {v.gender === 'F' ? '女' : '男'}，选举日 {v.age} 岁
        </div>
        <div>
          <span>{party ? '党小组' : '村民小组'}</span>
          {v.group || '（未填）'}
        </div>
        <div>
          <span>{party ? '党员类别' : '登记类别'}</span>
          {party ? (v.partyStatus ? PARTY_STATUS_LABELS[v.partyStatus] : '') : v.categoryLabel}
        </div>
        {v.approvalRef ? (
          <div>
            <span>同意的依据</span>
            {v.approvalRef}
          </div>
        ) : null}
        <div>
          <span>登记于</span>
          {fmtTime(v.at)}（{v.source === 'manual' ? '逐个登记' : v.source.startsWith('reregister:') ? '重新登记' : '导入名单'}）
        </div>
      </div>
      {v.removal ? (
        <Notice kind="warn">
          <span data-testid="voter-removal">
            已于 {fmtTime(v.removal.at)} 移除，原因：{v.removal.reasonLabel}
            {v.removal.note ? `（${v.removal.note}）` : ''}，操作人 {v.removal.actor}。
          </span>
          {v.reregisteredAs !== null ? (
            <div>
              已按选举委员会的决定重新登记。{' '}
              <Button kind="quiet" onClick={() => onOpen(v.reregisteredAs ?? v.id)} testId="open-new-registration">
                查看新的登记
              </Button>
            </div>
          ) : null}
        </Notice>
      ) : null}
      {data.reregistration ? (
        <Notice kind="info">
          <span data-testid="voter-rereg">
            重新登记：选举委员会 {cnDate(data.reregistration.decidedOn)}决定（{data.reregistration.decisionRef}
            {data.reregistration.note ? `；${data.reregistration.note}` : ''}）。原来的证号 {cardNumber(data.reregistration.previousVoterId)} 不能再用，请按新证号 {v.cardNumber} 另发选民证。
          </span>{' '}
          <Button kind="quiet" onClick={() => onOpen(data.reregistration?.previousVoterId ?? v.id)}>
            查看原来的登记
          </Button>
        </Notice>
      ) : null}
      <h3>更正记录</h3>
      {data.corrections.length === 0 ? (
        <p className="muted" data-testid="voter-history-empty">
          没有更正过。
        </p>
      ) : (
        <table className="table" data-testid="voter-history">
          <thead>
            <tr>
              <th>时间</th>
              <th>更正内容</th>
              <th>原因</th>
              <th>操作人</th>
            </tr>
          </thead>
          <tbody>
            {data.corrections.map((c) => (
              <tr key={c.id}>
                <td>{fmtTime(c.at)}</td>
                <td>
                  {c.changes.map((ch) => (
                    <div key={ch.field}>
                      {ch.label}：{ch.from || '（空）'} → <b>{ch.to || '（空）'}</b>
                    </div>
                  ))}
                </td>
                <td>{c.reason}</td>
                <td>{c.actor}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {data.issues.length > 0 ? (
        <p data-testid="voter-issues">
          领票：
          {data.issues.map((i) => `第 ${i.roundNumber} 轮 ${fmtTime(i.at)}${i.way === 'proxy' ? `（委托 ${i.trusteeName ?? ''} 代领）` : i.way === 'mobile' ? '（流动票箱）' : ''}`).join('；')}
        </p>
      ) : null}
      {notice ? (
        <Notice kind="ok">
          <span data-testid="voter-notice">{notice.text}</span>
        </Notice>
      ) : null}
      {notice ? <PlainWarnings warnings={notice.warnings} testId="voter-warnings" /> : null}
      {mode === null ? (
        <div className="row">
          {!v.removed && rollOpen ? (
            <Button kind="primary" onClick={() => setMode('correct')} testId="voter-correct">
              更正登记…
            </Button>
          ) : null}
          {!v.removed && (rollOpen || election.phase === 'voting') ? (
            <Button kind="danger" onClick={() => setMode('remove')} testId="voter-remove">
              移除…
            </Button>
          ) : null}
          {v.removed && v.reregisteredAs === null && (rollOpen || election.phase === 'voting') ? (
            <Button kind="primary" onClick={() => setMode('reregister')} testId="voter-reregister">
              重新登记…
            </Button>
          ) : null}
          {!rollOpen && election.phase !== 'voting' ? <span className="muted">已经开始计票，名单不能再变动。</span> : null}
        </div>
      ) : null}
      {mode === 'correct' ? <CorrectForm election={election} v={v} onCancel={() => setMode(null)} onDone={(w) => finished('已保存更正。', w)} /> : null}
      {mode === 'remove' ? <RemoveForm election={election} v={v} onCancel={() => setMode(null)} onDone={(w) => finished(`已把 ${v.name} 从名单中移除（记录保留）。`, w)} /> : null}
      {mode === 'reregister' ? (
        <ReregisterForm
          v={v}
          onCancel={() => setMode(null)}
          onDone={(r) => {
            setMode(null);
            onChanged();
            onOpen(r.voter.id);
          }}
        />
      ) : null}
    </div>
  );
}
