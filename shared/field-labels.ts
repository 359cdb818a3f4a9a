/**
 * Input names as a committee member says them (issue 10: "reason 不能为空" names a field in English).
 * A refusal of a page's input names the top-level field in Chinese — never an English field name or
 * a position key — and says zod's own English messages in Chinese by their kind.
 */
const LABELS: Record<string, string> = {
  reason: '原因',
  note: '说明',
  name: '姓名',
  otherName: '对方姓名',
  voterId: '选民',
  otherVoterId: '对方选民',
  principalId: '委托人',
  trusteeId: '受托人',
  proxyId: '委托',
  ballotId: '选票记录',
  boxKey: '票箱',
  collected: '收回张数',
  marks: '选票内容',
  unreadable: '整张无法辨认',
  doubtful: '疑点',
  position: '职位',
  positions: '职位',
  seats: '职数',
  pin: '密码',
  role: '职责',
  idNumber: '身份证号码',
  gender: '性别',
  group: '村民小组',
  category: '类别',
  birthDate: '出生日期',
  phone: '电话',
  village: '村名',
  township: '乡镇（街道）',
  county: '县（市、区）',
  electionDate: '选举日期',
  phase: '阶段',
  kind: '选举类型',
  drill: '演练或正式',
  candidateId: '候选人',
  candidateIds: '候选人',
  officialId: '工作人员',
  scrutineerId: '监票人',
  ruling: '裁定',
  relation: '关系',
  relatives: '亲属关系',
  education: '学历',
  partyMember: '是否党员',
  target: '导出位置',
  limit: '条数',
  offset: '起始位置',
  uptoSeq: '核对到第几张',
  status: '核对结果',
  printed: '印制张数',
  spoiled: '作废张数',
  roundId: '轮次',
  text: '文字',
  title: '标题',
  term: '届次',
  number: '编号',
  ref: '文号',
  fileName: '文件名',
  dataBase64: '文件内容',
  previewId: '预览',
  confirm: '确认',
  since: '开始时间',
  until: '结束时间',
  ballot: '选票号',
  commands: '操作',
  beforeSeq: '从哪一条往前',
  rules: '规则',
  profile: '规则方案',
  id: '编号',
  backup: '备份',
  objectionId: '异议',
  decision: '决定',
  filedBy: '提出人',
  filedOn: '提出日期',
  consent: '本人同意',
  copies: '份数',
  publishedOn: '公布日期',
};

/** The Chinese name of an input field (the path's first name); 这一项 for one without a label. */
export function fieldLabel(path: readonly PropertyKey[]): string {
  const top = path.find((p) => typeof p === 'string');
  return (typeof top === 'string' && LABELS[top]) || '这一项';
}

interface IssueLike {
  code?: string;
  message: string;
  input?: unknown;
  path: readonly PropertyKey[];
}

/** zod's English default messages said in Chinese by their kind; Chinese messages are kept. */
export function issueText(i: IssueLike): string {
  if (/[\u4e00-\u9fff]/.test(i.message)) return i.message;
  switch (i.code) {
    case 'invalid_type':
      // zod 4 keeps no input in its issues by default: its message says what it received
      return ('input' in i ? i.input === undefined : /received undefined/.test(i.message)) ? '没有填写' : '格式不对';
    case 'too_small':
      return '太短或太小';
    case 'too_big':
      return '太长或太大';
    case 'invalid_value':
    case 'invalid_enum_value':
      return '不是可以选的值';
    case 'unrecognized_keys':
      return '有计票站不认识的项';
    case 'invalid_format':
    case 'invalid_string':
      return '格式不对';
    default:
      return '不对';
  }
}

/** "原因：不能为空" — what a refusal of an input says. */
export function inputProblem(i: IssueLike): string {
  return `${fieldLabel(i.path)}：${issueText(i)}`;
}
