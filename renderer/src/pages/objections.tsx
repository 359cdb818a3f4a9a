/**
 * 名单异议 (R5): after the roll is published, anyone may object to it within the objection period;
 * the committee decides each objection within its own period. The page files an objection, decides
 * it (upheld: the person may be taken off the roll in the same step), and lists every objection with
 * the dates the rules give, saying plainly when one has passed.
 */
import { useState } from 'react';
import type { Election } from '../api';
import { api, type In, type Out } from '../api';
import { Busy, Button, Field, Notice, Section, Stat, fmtTime, useAction, useLoad } from '../ui/kit';
import { EditForm } from '../ui/edit-form';
import { PlainError, PlainText, PlainWarnings, RuleNote, cnDate } from '../ui/plain';
import { VoterPicker, type PickedVoter } from '../ui/voter-picker';
import './roll.css';

type Objection = Out<'roll.objections'>['objections'][number];
type Deadlines = Out<'roll.objections'>['deadlines'];
type Publication = Out<'roll.objections'>['publications'][number];
type Warnings = { code: string; message: string }[];

/** Whole days from a to b (ISO dates), b later: positive. */
function daysFrom(a: string, b: string): number {
  return Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86_400_000);
}

function Periods({ d, what, publications }: { d: Deadlines; what: string; publications: Publication[] }) {
  const latest = d.latest;
  const objectionOver = latest ? d.today > latest.objectionDeadline : false;
  return (
    <div data-testid="objection-deadlines">
      <div className="stats">
        <Stat label="选举日" value={<span style={{ fontSize: '1.4rem' }}>{cnDate(d.electionDate)}</span>} />
        <Stat
          label={latest ? `${what}公布日` : `${what}最晚公布日`}
          value={<span style={{ fontSize: '1.4rem' }}>{cnDate(latest ? latest.publishedOn : d.publishBy)}</span>}
          tone={latest?.publishedLate ? 'warn' : undefined}
        />
        {latest ? (
          <Stat
            label={objectionOver ? '异议期已过' : '提出异议截止'}
            value={
              <span style={{ fontSize: '1.4rem' }} data-testid="objection-deadline">
                {cnDate(latest.objectionDeadline)}
              </span>
            }
            tone={objectionOver ? 'warn' : 'ok'}
          />
        ) : null}
        <Stat label="今天" value={<span style={{ fontSize: '1.4rem' }}>{cnDate(d.today)}</span>} />
      </div>
      <p>
        {what}应在选举日 {d.rollPublishDaysBefore} 天以前公布；公布之日起 {d.objectionDays} 天内可以提出异议；选举委员会应在收到异议之日起 {d.objectionDecisionDays}{' '}
        天内作出处理决定。
        <RuleNote rule="R5" />
      </p>
      {publications.length > 1 ? (
        <p data-testid="publications">
          {what}公布过 {publications.length} 次：{publications.map((p) => `${cnDate(p.publishedOn)}（${p.voterCount} 人）`).join('、')}。异议期从最近一次公布之日起计算。
        </p>
      ) : null}
      {latest?.publishedLate ? (
        <Notice kind="warn">
          <PlainText message={latest.publishedLate} />
        </Notice>
      ) : null}
      {latest && objectionOver ? (
        <Notice kind="warn">
          <span data-testid="objection-period-over">
            异议期已于 {cnDate(latest.objectionDeadline)}结束。之后收到的异议仍应登记并处理，登记时会注明逾期。
          </span>
        </Notice>
      ) : null}
    </div>
  );
}

function FileObjection({ d, onFiled }: { d: Deadlines; onFiled: (w: Warnings) => void }) {
  const [filedOn, setFiledOn] = useState(d.today);
  const [filedBy, setFiledBy] = useState('');
  const [voter, setVoter] = useState<PickedVoter | null>(null);
  const [subjectName, setSubjectName] = useState('');
  const [content, setContent] = useState('');
  const act = useAction();
  const submit = async () => {
    if (!filedBy.trim()) return act.setError({ code: 'FILED_BY', message: '请填写提出异议的人。' });
    if (!voter && !subjectName.trim()) return act.setError({ code: 'SUBJECT', message: '请选择异议涉及的选民；如涉及的人不在名单上，请写出他的姓名。' });
    if (!content.trim()) return act.setError({ code: 'CONTENT', message: '请写明异议的内容。' });
    const input: In<'roll.objection'> = {
      filedOn,
      filedBy: filedBy.trim(),
      content: content.trim(),
      ...(voter ? { voterId: voter.id } : { subjectName: subjectName.trim() }),
    };
    const r = await act.run(() => api.call('roll.objection', input));
    if (r) {
      setFiledOn(d.today);
      setFiledBy('');
      setVoter(null);
      setSubjectName('');
      setContent('');
      onFiled(r.warnings);
    }
  };
  return (
    <form
      data-testid="objection-form"
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <div className="row">
        <Field label="收到异议的日期">
          <input className="input" type="date" value={filedOn} onChange={(e) => setFiledOn(e.target.value)} data-testid="objection-date" />
        </Field>
        <Field label="提出人 *">
          <input className="input" value={filedBy} onChange={(e) => setFiledBy(e.target.value)} data-testid="objection-by" />
        </Field>
        <VoterPicker label="涉及名单上的哪位选民" picked={voter} onPick={setVoter} testId="objection-voter" />
        {!voter ? (
          <Field label="或：不在名单上的人的姓名" hint="认为应当登记而没有登记的">
            <input className="input" value={subjectName} onChange={(e) => setSubjectName(e.target.value)} data-testid="objection-subject" />
          </Field>
        ) : null}
      </div>
      <Field label="异议内容 *">
        <textarea rows={2} value={content} onChange={(e) => setContent(e.target.value)} data-testid="objection-content" style={{ width: '100%', maxWidth: '50rem' }} />
      </Field>
      <div className="row">
        <Button kind="primary" type="submit" busy={act.busy} testId="objection-submit">
          登记异议
        </Button>
      </div>
      <PlainError error={act.error} title="没有登记" testId="objection-error" />
    </form>
  );
}

function Decide({ o, today, onDone, onCancel }: { o: Objection; today: string; onDone: (w: Warnings) => void; onCancel: () => void }) {
  const [decidedOn, setDecidedOn] = useState(today);
  const [decision, setDecision] = useState<'upheld' | 'rejected' | null>(null);
  const [note, setNote] = useState('');
  const [removeVoter, setRemoveVoter] = useState(false);
  const act = useAction();
  return (
    <EditForm
      className="objection-decide"
      testId="decide-form"
      submit={{ label: '保存决定', testId: 'decide-submit' }}
      onCancel={onCancel}
      busy={act.busy}
      error={act.error}
      errorTitle="没有保存"
      onSubmit={() => {
        if (!decision) return act.setError({ code: 'DECISION', message: '请选择异议成立还是不成立。' });
        void act
          .run(() =>
            api.call('roll.decideObjection', {
              objectionId: o.id,
              decidedOn,
              decision,
              ...(note.trim() ? { note: note.trim() } : {}),
              ...(decision === 'upheld' && removeVoter ? { removeVoter: true } : {}),
            }),
          )
          .then((r) => r && onDone(r.warnings));
      }}
    >
      <div className="row">
        <Field label="决定日期">
          <input className="input" type="date" value={decidedOn} onChange={(e) => setDecidedOn(e.target.value)} data-testid="decide-date" />
        </Field>
        <label className="check big">
          <input type="radio" name={`decision-${o.id}`} checked={decision === 'upheld'} onChange={() => setDecision('upheld')} data-testid="decide-upheld" /> 异议成立
        </label>
        <label className="check big">
          <input type="radio" name={`decision-${o.id}`} checked={decision === 'rejected'} onChange={() => setDecision('rejected')} data-testid="decide-rejected" /> 异议不成立
        </label>
        {decision === 'upheld' && o.voterId !== null ? (
          <label className="check big">
            <input type="checkbox" checked={removeVoter} onChange={(e) => setRemoveVoter(e.target.checked)} data-testid="decide-remove" /> 同时把 {o.voterName} 移出名单（记录保留）
          </label>
        ) : null}
      </div>
      <div className="row">
        <Field label="处理意见">
          <input className="input input-wide" value={note} onChange={(e) => setNote(e.target.value)} data-testid="decide-note" />
        </Field>
      </div>
    </EditForm>
  );
}

function ObjectionRow({ o, today, canDecide, deciding, onDecide, onDone, onCancel }: { o: Objection; today: string; canDecide: boolean; deciding: boolean; onDecide: () => void; onDone: (w: Warnings) => void; onCancel: () => void }) {
  const overdue = o.decision === null && today > o.decideBy;
  return (
    <>
      <tr data-testid="objection-row" data-objection={o.id} className={overdue ? 'warn' : ''}>
        <td className="num">{o.id}</td>
        <td className="nowrap">
          {cnDate(o.filedOn)}
          {o.late ? <div className="deadline-late">逾期提出</div> : null}
        </td>
        <td className="nowrap">{o.filedBy}</td>
        <td>
          {o.voterName ?? o.subjectName}
          {o.voterId === null ? <div className="muted">（不在名单上）</div> : null}
        </td>
        <td style={{ whiteSpace: 'pre-wrap' }}>{o.content}</td>
        <td data-testid="objection-decide-by">
          {o.decision ? (
            `应于 ${cnDate(o.decideBy)}前决定`
          ) : overdue ? (
            <span className="deadline-late">已过处理期限（应于 {cnDate(o.decideBy)}前决定，已超过 {daysFrom(o.decideBy, today)} 天），请尽快开会作出决定</span>
          ) : (
            <>
              请于 <b>{cnDate(o.decideBy)}</b>前作出决定（还有 {daysFrom(today, o.decideBy)} 天）
            </>
          )}
        </td>
        <td data-testid="objection-result">
          {o.decision ? (
            <>
              <b>{o.decision.decision === 'upheld' ? '异议成立' : '异议不成立'}</b>（{cnDate(o.decision.decidedOn)}）
              {o.decision.note ? <div>{o.decision.note}</div> : null}
              {o.decision.late ? <div className="deadline-late">逾期作出</div> : null}
              <div className="muted">
                {o.decision.actor}，{fmtTime(o.decision.at)}
              </div>
            </>
          ) : canDecide && !deciding ? (
            <Button kind="primary" onClick={onDecide} testId={`decide-${o.id}`}>
              作出决定…
            </Button>
          ) : (
            '待处理'
          )}
        </td>
      </tr>
      {deciding ? (
        <tr>
          <td colSpan={7}>
            <Decide o={o} today={today} onDone={onDone} onCancel={onCancel} />
          </td>
        </tr>
      ) : null}
    </>
  );
}

export function ObjectionsPage({ election }: { election: Election }) {
  const party = election.kind === 'party_branch';
  const what = party ? '党员名册' : '选民名单';
  const { data, error, loading, reload } = useLoad(() => api.call('roll.objections', {}), []);
  const [deciding, setDeciding] = useState<number | null>(null);
  const [warnings, setWarnings] = useState<{ text: string; list: Warnings } | null>(null);
  if (error) return <PlainError error={error} title="读取异议失败" />;
  if (!data) return <Busy busy={loading} label="正在读取…" />;
  const d = data.deadlines;
  const open = data.objections.filter((o) => o.decision === null);
  const overdue = open.filter((o) => d.today > o.decideBy);
  const canDecide = !election.readOnly;
  const done = (text: string) => (w: Warnings) => {
    setDeciding(null);
    setWarnings({ text, list: w });
    reload();
  };
  return (
    <div>
      <Section title={`${what}的公布和异议期限`}>
        <Periods d={d} what={what} publications={data.publications} />
      </Section>
      {d.latest === null ? (
        <Notice kind="info">{what}还没有公布，公布后才能登记异议。请到“选民登记”页公布名单。</Notice>
      ) : (
        <Section title="登记一条异议">
          <FileObjection d={d} onFiled={done('已登记异议。')} />
        </Section>
      )}
      {warnings ? (
        <Notice kind="ok">
          <span data-testid="objection-notice">{warnings.text}</span>
        </Notice>
      ) : null}
      {warnings ? <PlainWarnings warnings={warnings.list} testId="objection-warnings" /> : null}
      <Section title={`异议及处理情况（共 ${data.objections.length} 条，待处理 ${open.length} 条）`}>
        {overdue.length > 0 ? (
          <Notice kind="warn">
            <span data-testid="objections-overdue">有 {overdue.length} 条异议已过处理期限还没有决定，请尽快开会作出决定，并把结果告诉提出人。</span>
          </Notice>
        ) : null}
        {data.objections.length === 0 ? (
          <p className="muted">还没有人提出异议。</p>
        ) : (
          <table className="table" data-testid="objection-list">
            <thead>
              <tr>
                <th className="num">编号</th>
                <th>提出日期</th>
                <th>提出人</th>
                <th>涉及的人</th>
                <th>内容</th>
                <th>处理期限</th>
                <th>处理结果</th>
              </tr>
            </thead>
            <tbody>
              {data.objections.map((o) => (
                <ObjectionRow
                  key={o.id}
                  o={o}
                  today={d.today}
                  canDecide={canDecide}
                  deciding={deciding === o.id}
                  onDecide={() => setDeciding(o.id)}
                  onCancel={() => setDeciding(null)}
                  onDone={done(`已保存第 ${o.id} 条异议的决定。`)}
                />
              ))}
            </tbody>
          </table>
        )}
      </Section>
    </div>
  );
}
