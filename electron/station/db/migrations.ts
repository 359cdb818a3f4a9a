/**
 * Numbered migrations, applied in order by `PRAGMA user_version`.
 *
 * Every domain table is append-only: triggers refuse UPDATE and DELETE (see `appendOnlyTriggers`).
 * Removals, voids, corrections and rulings are rows of their own that point at the row they change,
 * with who (`actor`), when (`at`) and why (`reason`). Each inserted row's hash is recorded in the
 * audit event of the command that inserted it, so a row edited with sqlite3 directly is detected on
 * the next open (see audit.ts).
 */
export interface Migration {
  version: number;
  name: string;
  sql: string;
  /**
   * The migration rebuilds tables that other tables refer to (the documented 12-step ALTER of
   * SQLite): foreign keys are switched off around it and checked before it commits.
   */
  rebuildsTables?: boolean;
}

const who = `at TEXT NOT NULL, actor TEXT NOT NULL`;

/** Tables created by migration 6 (issue 14: papers, ballot printing, the P10 secretary election). */
const M006_TABLES = [
  'paper_settings',
  'ballot_printings',
  'secretary_votes',
  'secretary_vote_posts',
  'secretary_candidates',
  'secretary_attendance',
  'secretary_collections',
  'secretary_ballots',
  'secretary_ballot_voids',
  'secretary_confirmations',
  'party_approvals',
] as const;

/** Tables created by migration 8 (issue 10A: corrections and re-registrations on the roll). */
const M008_TABLES = ['voter_corrections', 'voter_reregistrations'] as const;
/** Tables created by migration 9 (issue 10B: which scrutineer decided each ruling). */
const M009_TABLES = ['ruling_scrutineers'] as const;

export const DOMAIN_TABLES = [
  'election',
  'phase_events',
  'positions',
  'rounds',
  'round_seats',
  'round_candidates',
  'round_confirmations',
  'round_stats',
  'voters',
  'voter_removals',
  'roll_publications',
  'objections',
  'objection_decisions',
  'party_exclusions',
  'party_exclusion_revocations',
  'candidates',
  'candidate_withdrawals',
  'officials',
  'official_removals',
  'proxies',
  'proxy_approvals',
  'proxy_revocations',
  'proxy_publications',
  'boxes',
  'box_collections',
  'issues',
  'ballots',
  'ballot_marks',
  'ballot_voids',
  'ballot_doubts',
  'ballot_rulings',
  'checkpoints',
  'pins',
  'pin_attempts',
  'candidate_relatives',
  'relation_revocations',
  'candidate_reviews',
  'box_voters',
  'box_voter_removals',
  'box_approvals',
  'box_publications',
  'seat_reductions',
  'seat_vacancies',
  'candidate_origins',
  'roll_column_maps',
  ...M006_TABLES,
  ...M008_TABLES,
  ...M009_TABLES,
  'ballot_mark_lists',
] as const;
/** Tables created by migration 2 (migration 1 must not create their triggers). */
const M002_TABLES: readonly string[] = ['candidate_relatives'];
/** Tables created by migration 3. */
const M003_TABLES: readonly string[] = [
  'relation_revocations',
  'candidate_reviews',
  'box_voters',
  'box_voter_removals',
  'box_approvals',
  'box_publications',
  'seat_reductions',
  'seat_vacancies',
  'candidate_origins',
];
/** Tables created by migration 4. */
const M004_TABLES: readonly string[] = ['roll_column_maps'];
/** Tables created by migration 10. */
const M010_TABLES: readonly string[] = ['ballot_mark_lists'];
/** Every table a later migration creates (migration 1 creates the rest, with their triggers). */
const LATER_TABLES: readonly string[] = [...M002_TABLES, ...M003_TABLES, ...M004_TABLES, ...M006_TABLES, ...M008_TABLES, ...M009_TABLES, ...M010_TABLES];
export type DomainTable = (typeof DOMAIN_TABLES)[number];

const m001 = `
CREATE TABLE election (
  id TEXT PRIMARY KEY,
  kind TEXT NOT NULL CHECK (kind IN ('villagers_committee','party_branch','residents_committee')),
  title TEXT NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
  village TEXT NOT NULL CHECK (length(village) BETWEEN 1 AND 100),
  township TEXT NOT NULL CHECK (length(township) BETWEEN 1 AND 100),
  county TEXT NOT NULL DEFAULT '',
  election_date TEXT NOT NULL CHECK (election_date GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
  profile TEXT NOT NULL,
  rules_overrides TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(rules_overrides)),
  drill INTEGER NOT NULL CHECK (drill IN (0,1)),
  ${who}
) STRICT;

-- setup -> roll_published -> voting -> counting -> confirmed; voting/counting/confirmed are per round.
CREATE TABLE phase_events (
  id INTEGER PRIMARY KEY,
  phase TEXT NOT NULL CHECK (phase IN ('setup','roll_published','voting','counting','confirmed')),
  round_id INTEGER REFERENCES rounds(id),
  reason TEXT NOT NULL DEFAULT '',
  ${who}
) STRICT;

-- Versioned: the current definition of a position key is its row with the highest id; removed=1 ends it.
CREATE TABLE positions (
  id INTEGER PRIMARY KEY,
  pos_key TEXT NOT NULL CHECK (length(pos_key) BETWEEN 1 AND 40),
  name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 40),
  rank INTEGER NOT NULL CHECK (rank >= 0),
  seats INTEGER NOT NULL CHECK (seats BETWEEN 1 AND 30),
  women_reserved INTEGER NOT NULL DEFAULT 0 CHECK (women_reserved IN (0,1)),
  removed INTEGER NOT NULL DEFAULT 0 CHECK (removed IN (0,1)),
  ${who}
) STRICT;

CREATE TABLE rounds (
  id INTEGER PRIMARY KEY,
  number INTEGER NOT NULL UNIQUE CHECK (number >= 1),
  kind TEXT NOT NULL CHECK (kind IN ('main','runoff','supplementary')),
  parent_round_id INTEGER REFERENCES rounds(id),
  ${who}
) STRICT;

-- Seats contested in a round per position (main: the position's seats; runoff: tied seats; supplementary: unfilled).
CREATE TABLE round_seats (
  id INTEGER PRIMARY KEY,
  round_id INTEGER NOT NULL REFERENCES rounds(id),
  pos_key TEXT NOT NULL,
  seats INTEGER NOT NULL CHECK (seats BETWEEN 1 AND 30),
  ${who},
  UNIQUE (round_id, pos_key)
) STRICT;

-- Candidates of a runoff/supplementary round (a main round's are the candidates table).
CREATE TABLE round_candidates (
  id INTEGER PRIMARY KEY,
  round_id INTEGER NOT NULL REFERENCES rounds(id),
  candidate_id INTEGER NOT NULL REFERENCES candidates(id),
  ${who},
  UNIQUE (round_id, candidate_id)
) STRICT;

CREATE TABLE round_confirmations (
  id INTEGER PRIMARY KEY,
  round_id INTEGER NOT NULL UNIQUE REFERENCES rounds(id),
  result_json TEXT NOT NULL CHECK (json_valid(result_json)),
  ${who}
) STRICT;

-- Ballot reconciliation facts of a round (B3); latest row per round counts.
CREATE TABLE round_stats (
  id INTEGER PRIMARY KEY,
  round_id INTEGER NOT NULL REFERENCES rounds(id),
  printed INTEGER NOT NULL CHECK (printed >= 0),
  spoiled INTEGER NOT NULL DEFAULT 0 CHECK (spoiled >= 0),
  ${who}
) STRICT;

-- The roll: villagers for a committee election, Party members for a party_branch election.
CREATE TABLE voters (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 50),
  id_number TEXT NOT NULL UNIQUE CHECK (length(id_number) = 18),
  gender TEXT NOT NULL CHECK (gender IN ('M','F')),
  birth_date TEXT NOT NULL,
  group_name TEXT NOT NULL DEFAULT '',
  category TEXT NOT NULL CHECK (length(category) BETWEEN 1 AND 60),
  approval_ref TEXT NOT NULL DEFAULT '',
  phone TEXT NOT NULL DEFAULT '',
  note TEXT NOT NULL DEFAULT '',
  -- party_branch only: full | probationary | probation_discipline (留党察看) | suspended (留置、逮捕)
  party_status TEXT CHECK (party_status IS NULL OR party_status IN ('full','probationary','probation_discipline','suspended')),
  source TEXT NOT NULL DEFAULT 'manual',
  ${who}
) STRICT;

CREATE TABLE voter_removals (
  id INTEGER PRIMARY KEY,
  voter_id INTEGER NOT NULL UNIQUE REFERENCES voters(id),
  reason TEXT NOT NULL CHECK (reason IN ('death','moved','lost_capacity','deprived_of_rights','duplicate','objection_upheld','other')),
  note TEXT NOT NULL DEFAULT '',
  ${who}
) STRICT;

CREATE TABLE roll_publications (
  id INTEGER PRIMARY KEY,
  published_on TEXT NOT NULL,
  voter_count INTEGER NOT NULL,
  ${who}
) STRICT;

CREATE TABLE objections (
  id INTEGER PRIMARY KEY,
  filed_on TEXT NOT NULL,
  filed_by TEXT NOT NULL CHECK (length(filed_by) BETWEEN 1 AND 50),
  voter_id INTEGER REFERENCES voters(id),
  subject_name TEXT NOT NULL DEFAULT '',
  content TEXT NOT NULL CHECK (length(content) BETWEEN 1 AND 2000),
  ${who}
) STRICT;

CREATE TABLE objection_decisions (
  id INTEGER PRIMARY KEY,
  objection_id INTEGER NOT NULL UNIQUE REFERENCES objections(id),
  decided_on TEXT NOT NULL,
  decision TEXT NOT NULL CHECK (decision IN ('upheld','rejected')),
  note TEXT NOT NULL DEFAULT '',
  ${who}
) STRICT;

CREATE TABLE party_exclusions (
  id INTEGER PRIMARY KEY,
  voter_id INTEGER NOT NULL REFERENCES voters(id),
  reason TEXT NOT NULL CHECK (length(reason) BETWEEN 1 AND 200),
  higher_org_ref TEXT NOT NULL CHECK (length(higher_org_ref) BETWEEN 1 AND 200),
  assembly_ref TEXT NOT NULL CHECK (length(assembly_ref) BETWEEN 1 AND 200),
  ${who}
) STRICT;

CREATE TABLE party_exclusion_revocations (
  id INTEGER PRIMARY KEY,
  exclusion_id INTEGER NOT NULL UNIQUE REFERENCES party_exclusions(id),
  reason TEXT NOT NULL CHECK (length(reason) BETWEEN 1 AND 500),
  ${who}
) STRICT;

CREATE TABLE candidates (
  id INTEGER PRIMARY KEY,
  voter_id INTEGER NOT NULL REFERENCES voters(id),
  pos_key TEXT NOT NULL,
  education TEXT NOT NULL CHECK (education IN ('primary','junior_high','senior_high','vocational','college','bachelor','postgraduate','other')),
  party_member INTEGER NOT NULL CHECK (party_member IN (0,1)),
  party_secretary INTEGER NOT NULL DEFAULT 0 CHECK (party_secretary IN (0,1)),
  ${who},
  UNIQUE (voter_id, pos_key)
) STRICT;

CREATE TABLE candidate_withdrawals (
  id INTEGER PRIMARY KEY,
  candidate_id INTEGER NOT NULL UNIQUE REFERENCES candidates(id),
  reason TEXT NOT NULL CHECK (length(reason) BETWEEN 1 AND 500),
  ${who}
) STRICT;

CREATE TABLE officials (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 50),
  voter_id INTEGER REFERENCES voters(id),
  role TEXT NOT NULL CHECK (role IN ('chief_scrutineer','scrutineer','caller','counter','issuer','scribe','chair')),
  box_id INTEGER REFERENCES boxes(id),
  ${who}
) STRICT;

CREATE TABLE official_removals (
  id INTEGER PRIMARY KEY,
  official_id INTEGER NOT NULL UNIQUE REFERENCES officials(id),
  reason TEXT NOT NULL CHECK (length(reason) BETWEEN 1 AND 500),
  ${who}
) STRICT;

CREATE TABLE proxies (
  id INTEGER PRIMARY KEY,
  principal_id INTEGER NOT NULL REFERENCES voters(id),
  trustee_id INTEGER NOT NULL REFERENCES voters(id),
  relation TEXT NOT NULL CHECK (relation IN ('spouse','parent','child','sibling','grandparent','grandchild')),
  written_ref TEXT NOT NULL DEFAULT '',
  ${who},
  CHECK (principal_id <> trustee_id)
) STRICT;

CREATE TABLE proxy_approvals (
  id INTEGER PRIMARY KEY,
  proxy_id INTEGER NOT NULL UNIQUE REFERENCES proxies(id),
  ref TEXT NOT NULL DEFAULT '',
  ${who}
) STRICT;

CREATE TABLE proxy_revocations (
  id INTEGER PRIMARY KEY,
  proxy_id INTEGER NOT NULL UNIQUE REFERENCES proxies(id),
  reason TEXT NOT NULL CHECK (length(reason) BETWEEN 1 AND 500),
  ${who}
) STRICT;

-- A proxy is on the published list (X5) when its approval's id is at most a publication's upto_approval_id.
CREATE TABLE proxy_publications (
  id INTEGER PRIMARY KEY,
  published_on TEXT NOT NULL,
  proxy_count INTEGER NOT NULL,
  upto_approval_id INTEGER NOT NULL DEFAULT 0,
  ${who}
) STRICT;
CREATE INDEX proxies_trustee ON proxies(trustee_id);
CREATE INDEX proxies_principal ON proxies(principal_id);
CREATE INDEX party_exclusions_voter ON party_exclusions(voter_id);
CREATE INDEX voters_group ON voters(group_name);
CREATE INDEX objections_voter ON objections(voter_id);

CREATE TABLE boxes (
  id INTEGER PRIMARY KEY,
  box_key TEXT NOT NULL UNIQUE CHECK (length(box_key) BETWEEN 1 AND 40),
  kind TEXT NOT NULL CHECK (kind IN ('fixed','mobile')),
  name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 50),
  ${who}
) STRICT;

-- Collected count per box and round (B3); the latest row per (round, box) counts.
CREATE TABLE box_collections (
  id INTEGER PRIMARY KEY,
  round_id INTEGER NOT NULL REFERENCES rounds(id),
  box_id INTEGER NOT NULL REFERENCES boxes(id),
  collected INTEGER NOT NULL CHECK (collected >= 0),
  ${who}
) STRICT;

-- One ballot issued to one voter per round (B1, R6). For party_branch this is the sign-in (present).
CREATE TABLE issues (
  id INTEGER PRIMARY KEY,
  round_id INTEGER NOT NULL REFERENCES rounds(id),
  voter_id INTEGER NOT NULL REFERENCES voters(id),
  way TEXT NOT NULL CHECK (way IN ('in_person','proxy','mobile')),
  box_id INTEGER REFERENCES boxes(id),
  trustee_id INTEGER REFERENCES voters(id),
  proxy_id INTEGER REFERENCES proxies(id),
  ${who},
  CHECK ((way = 'proxy') = (trustee_id IS NOT NULL AND proxy_id IS NOT NULL)),
  CHECK ((way = 'mobile') = (box_id IS NOT NULL)),
  UNIQUE (round_id, voter_id)
) STRICT;
CREATE INDEX issues_round_way ON issues(round_id, way);
CREATE INDEX issues_voter ON issues(voter_id);
CREATE INDEX issues_trustee ON issues(round_id, trustee_id);
CREATE INDEX issues_proxy ON issues(proxy_id);

CREATE TABLE ballots (
  id INTEGER PRIMARY KEY,
  round_id INTEGER NOT NULL REFERENCES rounds(id),
  seq INTEGER NOT NULL CHECK (seq >= 1),
  box_id INTEGER REFERENCES boxes(id),
  unreadable INTEGER NOT NULL DEFAULT 0 CHECK (unreadable IN (0,1)),
  -- a correction is a new ballot that replaces the voided one it points at
  corrects_ballot_id INTEGER REFERENCES ballots(id),
  ${who},
  UNIQUE (round_id, seq)
) STRICT;

CREATE TABLE ballot_marks (
  id INTEGER PRIMARY KEY,
  ballot_id INTEGER NOT NULL REFERENCES ballots(id),
  pos_key TEXT NOT NULL,
  mark TEXT NOT NULL CHECK (mark IN ('for','against','write_in')),
  candidate_id INTEGER REFERENCES candidates(id),
  write_in_name TEXT CHECK (write_in_name IS NULL OR length(write_in_name) BETWEEN 1 AND 50),
  write_in_voter_id INTEGER REFERENCES voters(id),
  ord INTEGER NOT NULL,
  CHECK ((mark = 'write_in') = (write_in_name IS NOT NULL AND candidate_id IS NULL)),
  CHECK (mark = 'write_in' OR candidate_id IS NOT NULL)
) STRICT;
CREATE INDEX ballot_marks_ballot ON ballot_marks(ballot_id);

CREATE TABLE ballot_voids (
  id INTEGER PRIMARY KEY,
  ballot_id INTEGER NOT NULL UNIQUE REFERENCES ballots(id),
  reason TEXT NOT NULL CHECK (length(reason) BETWEEN 1 AND 500),
  ${who}
) STRICT;

CREATE TABLE ballot_doubts (
  id INTEGER PRIMARY KEY,
  ballot_id INTEGER NOT NULL UNIQUE REFERENCES ballots(id),
  note TEXT NOT NULL CHECK (length(note) BETWEEN 1 AND 500),
  ${who}
) STRICT;

-- V6: the scrutineers' ruling on a doubtful ballot.
CREATE TABLE ballot_rulings (
  id INTEGER PRIMARY KEY,
  doubt_id INTEGER NOT NULL UNIQUE REFERENCES ballot_doubts(id),
  ruling TEXT NOT NULL CHECK (ruling IN ('as_recorded','unreadable','corrected')),
  replacement_ballot_id INTEGER REFERENCES ballots(id),
  reason TEXT NOT NULL CHECK (length(reason) BETWEEN 1 AND 500),
  ${who}
) STRICT;

-- Every 50 ballots the operator compares the batch subtotals with the paper tally sheet.
CREATE TABLE checkpoints (
  id INTEGER PRIMARY KEY,
  round_id INTEGER NOT NULL REFERENCES rounds(id),
  upto_seq INTEGER NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('confirmed','mismatch')),
  note TEXT NOT NULL DEFAULT '',
  ${who}
) STRICT;

-- Access (issue 6): PINs stored as scrypt hashes; the latest row per role counts.
CREATE TABLE pins (
  id INTEGER PRIMARY KEY,
  role TEXT NOT NULL CHECK (role IN ('chair','staff')),
  salt TEXT NOT NULL CHECK (length(salt) = 32),
  hash TEXT NOT NULL CHECK (length(hash) = 128),
  ${who}
) STRICT;

-- Every PIN attempt, right or wrong; lockouts are derived from the run of failures.
CREATE TABLE pin_attempts (
  id INTEGER PRIMARY KEY,
  role TEXT NOT NULL CHECK (role IN ('chair','staff')),
  command TEXT NOT NULL,
  outcome TEXT NOT NULL CHECK (outcome IN ('ok','wrong','locked','missing')),
  ${who}
) STRICT;

CREATE TABLE audit (
  seq INTEGER PRIMARY KEY,
  at TEXT NOT NULL,
  actor TEXT NOT NULL,
  command TEXT NOT NULL,
  input TEXT NOT NULL CHECK (json_valid(input)),
  effects TEXT NOT NULL CHECK (json_valid(effects)),
  prev_hash TEXT NOT NULL CHECK (length(prev_hash) = 64),
  hash TEXT NOT NULL UNIQUE CHECK (length(hash) = 64)
) STRICT;
`;

/** The append-only triggers of one table, as sqlite_master keeps them (the open-time check compares). */
export function appendOnlyTriggerSql(t: string): { name: string; sql: string }[] {
  return [
    { name: `${t}_no_update`, sql: `CREATE TRIGGER ${t}_no_update BEFORE UPDATE ON ${t} BEGIN SELECT RAISE(ABORT, 'append-only table ${t}: UPDATE refused'); END` },
    { name: `${t}_no_delete`, sql: `CREATE TRIGGER ${t}_no_delete BEFORE DELETE ON ${t} BEGIN SELECT RAISE(ABORT, 'append-only table ${t}: DELETE refused'); END` },
  ];
}

function appendOnlyTriggers(tables: readonly string[]): string {
  return tables.map((t) => `\n${appendOnlyTriggerSql(t).map((x) => `${x.sql};`).join('\n')}`).join('\n');
}

/** E8: declared close-relative ties between two people on the roll (candidates, usually). */
const m002 = `
CREATE TABLE candidate_relatives (
  id INTEGER PRIMARY KEY,
  voter_a INTEGER NOT NULL REFERENCES voters(id),
  voter_b INTEGER NOT NULL REFERENCES voters(id),
  relation TEXT NOT NULL CHECK (relation IN ('spouse','parent','child','sibling','grandparent','grandchild')),
  ${who},
  CHECK (voter_a <> voter_b)
) STRICT;
CREATE INDEX candidate_relatives_a ON candidate_relatives(voter_a);
CREATE INDEX candidate_relatives_b ON candidate_relatives(voter_b);
`;

/**
 * An append-only table rebuilt with a wider CHECK (the 12-step ALTER): same columns in the same
 * order, every row copied with its id, so each row's audit hash is unchanged; indexes and the
 * append-only triggers recreated under their old names.
 */
function rebuild(table: string, createSql: string, indexes: string): string {
  return `
CREATE TABLE ${table}__new ${createSql} STRICT;
INSERT INTO ${table}__new SELECT * FROM ${table};
DROP TABLE ${table};
ALTER TABLE ${table}__new RENAME TO ${table};
${indexes}
${appendOnlyTriggers([table])}`;
}

/**
 * The 2026 law (VCOL as amended 2025-10-28): X1 a proxy to any villager (relation 其他村民); E8 SH's
 * 直系亲属 and revoking a relation recorded by mistake; E10 the qualification review and the village
 * election committee's members; B5 the mobile box's list, approval and publication; P9 seats reduced
 * by consent; E6 seats left empty by decision.
 */
const m003 =
  rebuild(
    'proxies',
    `(
  id INTEGER PRIMARY KEY,
  principal_id INTEGER NOT NULL REFERENCES voters(id),
  trustee_id INTEGER NOT NULL REFERENCES voters(id),
  relation TEXT NOT NULL CHECK (relation IN ('spouse','parent','child','sibling','grandparent','grandchild','other_villager')),
  written_ref TEXT NOT NULL DEFAULT '',
  ${who},
  CHECK (principal_id <> trustee_id)
)`,
    'CREATE INDEX proxies_trustee ON proxies(trustee_id);\nCREATE INDEX proxies_principal ON proxies(principal_id);',
  ) +
  rebuild(
    'candidate_relatives',
    `(
  id INTEGER PRIMARY KEY,
  voter_a INTEGER NOT NULL REFERENCES voters(id),
  voter_b INTEGER NOT NULL REFERENCES voters(id),
  relation TEXT NOT NULL CHECK (relation IN ('spouse','parent','child','sibling','grandparent','grandchild','lineal_other')),
  ${who},
  CHECK (voter_a <> voter_b)
)`,
    'CREATE INDEX candidate_relatives_a ON candidate_relatives(voter_a);\nCREATE INDEX candidate_relatives_b ON candidate_relatives(voter_b);',
  ) +
  rebuild(
    'officials',
    `(
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 50),
  voter_id INTEGER REFERENCES voters(id),
  role TEXT NOT NULL CHECK (role IN ('chief_scrutineer','scrutineer','caller','counter','issuer','scribe','chair','committee_member')),
  box_id INTEGER REFERENCES boxes(id),
  ${who}
)`,
    '',
  ) +
  `
CREATE TABLE relation_revocations (
  id INTEGER PRIMARY KEY,
  relative_id INTEGER NOT NULL UNIQUE REFERENCES candidate_relatives(id),
  reason TEXT NOT NULL CHECK (length(reason) BETWEEN 1 AND 500),
  ${who}
) STRICT;

CREATE TABLE candidate_reviews (
  id INTEGER PRIMARY KEY,
  candidate_id INTEGER NOT NULL REFERENCES candidates(id),
  outcome TEXT NOT NULL CHECK (outcome IN ('passed','failed')),
  ref TEXT NOT NULL CHECK (length(ref) BETWEEN 1 AND 200),
  reviewer TEXT NOT NULL CHECK (length(reviewer) BETWEEN 1 AND 100),
  note TEXT NOT NULL DEFAULT '',
  ${who}
) STRICT;
CREATE INDEX candidate_reviews_candidate ON candidate_reviews(candidate_id);

CREATE TABLE box_voters (
  id INTEGER PRIMARY KEY,
  box_id INTEGER NOT NULL REFERENCES boxes(id),
  voter_id INTEGER NOT NULL REFERENCES voters(id),
  ${who}
) STRICT;
CREATE INDEX box_voters_voter ON box_voters(voter_id);
CREATE INDEX box_voters_box ON box_voters(box_id);

CREATE TABLE box_voter_removals (
  id INTEGER PRIMARY KEY,
  box_voter_id INTEGER NOT NULL UNIQUE REFERENCES box_voters(id),
  reason TEXT NOT NULL CHECK (length(reason) BETWEEN 1 AND 500),
  ${who}
) STRICT;

CREATE TABLE box_approvals (
  id INTEGER PRIMARY KEY,
  box_id INTEGER NOT NULL REFERENCES boxes(id),
  ref TEXT NOT NULL CHECK (length(ref) BETWEEN 1 AND 200),
  ${who}
) STRICT;

-- A box's list as published: its voters with box_voters.id up to upto_box_voter_id (not removed).
CREATE TABLE box_publications (
  id INTEGER PRIMARY KEY,
  box_id INTEGER NOT NULL REFERENCES boxes(id),
  published_on TEXT NOT NULL,
  voter_count INTEGER NOT NULL,
  scrutineer_count INTEGER NOT NULL,
  upto_box_voter_id INTEGER NOT NULL,
  ${who}
) STRICT;

CREATE TABLE seat_reductions (
  id INTEGER PRIMARY KEY,
  round_id INTEGER NOT NULL REFERENCES rounds(id),
  pos_key TEXT NOT NULL,
  seats_before INTEGER NOT NULL CHECK (seats_before >= 1),
  seats_after INTEGER NOT NULL CHECK (seats_after >= 0 AND seats_after < seats_before),
  consent INTEGER NOT NULL CHECK (consent >= 0),
  electors INTEGER NOT NULL CHECK (electors >= 1 AND consent <= electors),
  ref TEXT NOT NULL DEFAULT '',
  ${who}
) STRICT;

-- A candidate row made for a later round (a write-in who stands in a 另行选举); the main round's
-- candidates are the rows without one.
CREATE TABLE candidate_origins (
  id INTEGER PRIMARY KEY,
  candidate_id INTEGER NOT NULL UNIQUE REFERENCES candidates(id),
  round_id INTEGER NOT NULL REFERENCES rounds(id),
  ${who}
) STRICT;

CREATE TABLE seat_vacancies (
  id INTEGER PRIMARY KEY,
  round_id INTEGER NOT NULL REFERENCES rounds(id),
  pos_key TEXT NOT NULL,
  seats INTEGER NOT NULL CHECK (seats >= 1),
  reason TEXT NOT NULL CHECK (length(reason) BETWEEN 1 AND 500),
  ${who}
) STRICT;
` +
  appendOnlyTriggers([...M003_TABLES]);

/**
 * Roll import (issue 15): the column mapping a clerk confirmed for a file whose headers the station
 * did not know — the header text chosen for each field — so a later file with the same headers is
 * read the same way. The latest mapping that fits a file wins; all_full: a Party list without a
 * status column whose members the clerk stated are all full members (P1).
 */
const m004 = `
CREATE TABLE roll_column_maps (
  id INTEGER PRIMARY KEY,
  fields TEXT NOT NULL CHECK (json_valid(fields)),
  all_full INTEGER NOT NULL DEFAULT 0 CHECK (all_full IN (0,1)),
  ${who}
) STRICT;
`;

/**
 * Issue 13: the audit seal (audit.ts, formula 2). A random 256-bit key that never leaves the
 * database, and the first event the new formula applies to: every event of an election begun before
 * this migration keeps its formula 1 hash. Written once here, never changed (triggers), and checked
 * through the chain itself: a changed key or first seq breaks every later event's hash.
 */
const m005 = `
CREATE TABLE audit_seal (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  secret TEXT NOT NULL,
  from_seq INTEGER NOT NULL CHECK (from_seq >= 1)
) STRICT;
INSERT INTO audit_seal (id, secret, from_seq) VALUES (1, lower(hex(randomblob(32))), (SELECT COALESCE(MAX(seq), 0) + 1 FROM audit));
`;

/**
 * Issue 14: what the papers print and the Party's follow-through (P10).
 *  - paper_settings: 届次, the announcement's 选字第×号 and the Party organisation type (支部 /
 *    总支部 / 党委), versioned: the latest row counts.
 *  - ballot_printings: every printing of a round's ballot papers (B3: each adds its copies to the
 *    round's printed count), with the candidate list it printed, so a later change shows.
 *  - secretary_*: the new Party committee's first plenary electing 书记 and 副书记 among its members,
 *    a small election of its own: votes (with the members fixed when the vote starts), posts and
 *    seats, candidates, who is present, ballots (marks as JSON, checked by the command), voids, the
 *    collected count and the confirmed result.
 *  - party_approvals: the higher Party organisation's 批复 (reference and date); the latest counts.
 */
const m006 = `
CREATE TABLE paper_settings (
  id INTEGER PRIMARY KEY,
  term INTEGER CHECK (term IS NULL OR term BETWEEN 1 AND 99),
  announcement_no INTEGER CHECK (announcement_no IS NULL OR announcement_no BETWEEN 1 AND 9999),
  party_org_type TEXT NOT NULL DEFAULT 'branch' CHECK (party_org_type IN ('branch','general_branch','committee')),
  ${who}
) STRICT;

CREATE TABLE ballot_printings (
  id INTEGER PRIMARY KEY,
  round_id INTEGER NOT NULL REFERENCES rounds(id),
  copies INTEGER NOT NULL CHECK (copies BETWEEN 1 AND 100000),
  papers TEXT NOT NULL CHECK (papers IN ('combined','per_position')),
  content TEXT NOT NULL CHECK (json_valid(content)),
  content_sha256 TEXT NOT NULL CHECK (length(content_sha256) = 64),
  file_name TEXT NOT NULL CHECK (length(file_name) BETWEEN 1 AND 200),
  ${who}
) STRICT;
CREATE INDEX ballot_printings_round ON ballot_printings(round_id);

CREATE TABLE secretary_votes (
  id INTEGER PRIMARY KEY,
  number INTEGER NOT NULL UNIQUE CHECK (number >= 1),
  members TEXT NOT NULL CHECK (json_valid(members)),
  ${who}
) STRICT;

CREATE TABLE secretary_vote_posts (
  id INTEGER PRIMARY KEY,
  vote_id INTEGER NOT NULL REFERENCES secretary_votes(id),
  post TEXT NOT NULL CHECK (post IN ('secretary','deputy')),
  seats INTEGER NOT NULL CHECK (seats BETWEEN 1 AND 5),
  ${who},
  UNIQUE (vote_id, post)
) STRICT;

CREATE TABLE secretary_candidates (
  id INTEGER PRIMARY KEY,
  vote_id INTEGER NOT NULL REFERENCES secretary_votes(id),
  post TEXT NOT NULL CHECK (post IN ('secretary','deputy')),
  voter_id INTEGER NOT NULL REFERENCES voters(id),
  ${who},
  UNIQUE (vote_id, post, voter_id)
) STRICT;

CREATE TABLE secretary_attendance (
  id INTEGER PRIMARY KEY,
  vote_id INTEGER NOT NULL REFERENCES secretary_votes(id),
  voter_ids TEXT NOT NULL CHECK (json_valid(voter_ids)),
  ${who}
) STRICT;

CREATE TABLE secretary_collections (
  id INTEGER PRIMARY KEY,
  vote_id INTEGER NOT NULL REFERENCES secretary_votes(id),
  collected INTEGER NOT NULL CHECK (collected >= 0),
  ${who}
) STRICT;

CREATE TABLE secretary_ballots (
  id INTEGER PRIMARY KEY,
  vote_id INTEGER NOT NULL REFERENCES secretary_votes(id),
  seq INTEGER NOT NULL CHECK (seq >= 1),
  marks TEXT NOT NULL CHECK (json_valid(marks)),
  unreadable INTEGER NOT NULL DEFAULT 0 CHECK (unreadable IN (0,1)),
  ${who},
  UNIQUE (vote_id, seq)
) STRICT;

CREATE TABLE secretary_ballot_voids (
  id INTEGER PRIMARY KEY,
  ballot_id INTEGER NOT NULL UNIQUE REFERENCES secretary_ballots(id),
  reason TEXT NOT NULL CHECK (length(reason) BETWEEN 1 AND 500),
  ${who}
) STRICT;

CREATE TABLE secretary_confirmations (
  id INTEGER PRIMARY KEY,
  vote_id INTEGER NOT NULL UNIQUE REFERENCES secretary_votes(id),
  result_json TEXT NOT NULL CHECK (json_valid(result_json)),
  ${who}
) STRICT;

CREATE TABLE party_approvals (
  id INTEGER PRIMARY KEY,
  ref TEXT NOT NULL CHECK (length(ref) BETWEEN 1 AND 200),
  approved_on TEXT NOT NULL CHECK (approved_on GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
  note TEXT NOT NULL DEFAULT '',
  ${who}
) STRICT;
`;

/**
 * Issue 12: a keyed seal on every audit event — HMAC-SHA-256 of (seq, hash) under the head key kept in
 * the station key folder (electron/station/key-folder.ts), written in the event's own transaction.
 * The chain alone can be recomputed by anyone who runs the station's code on a changed file; a seal
 * cannot be made without the key. Part of the audit log, not a domain table (no command writes it).
 */
const m007 = `
CREATE TABLE audit_seals (
  seq INTEGER PRIMARY KEY,
  mac TEXT NOT NULL CHECK (length(mac) = 64)
) STRICT;
`;

/**
 * Issue 10A: the committee's everyday corrections to the roll, each a row of its own.
 *  - voters is rebuilt row for row without UNIQUE(id_number): a removed registration keeps its row
 *    and its number, and the same person may be registered again on a new row when the committee
 *    decides (R3, one active registration per number, is checked by the commands that register).
 *  - voter_corrections: a correction of a registration's name, ID number (and with it gender and
 *    birth date), group or category, made before voting starts; each row is the whole corrected
 *    record with the reason, and the latest one per voter is what every read shows
 *    (queries.ts VOTERS).
 *  - voter_reregistrations: a removed registration registered again on a new row, with the
 *    committee's decision (reference and date).
 */
const m008 =
  rebuild(
    'voters',
    `(
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 50),
  id_number TEXT NOT NULL CHECK (length(id_number) = 18),
  gender TEXT NOT NULL CHECK (gender IN ('M','F')),
  birth_date TEXT NOT NULL,
  group_name TEXT NOT NULL DEFAULT '',
  category TEXT NOT NULL CHECK (length(category) BETWEEN 1 AND 60),
  approval_ref TEXT NOT NULL DEFAULT '',
  phone TEXT NOT NULL DEFAULT '',
  note TEXT NOT NULL DEFAULT '',
  party_status TEXT CHECK (party_status IS NULL OR party_status IN ('full','probationary','probation_discipline','suspended')),
  source TEXT NOT NULL DEFAULT 'manual',
  ${who}
)`,
    'CREATE INDEX voters_group ON voters(group_name);\nCREATE INDEX voters_id_number ON voters(id_number);',
  ) +
  `
CREATE TABLE voter_corrections (
  id INTEGER PRIMARY KEY,
  voter_id INTEGER NOT NULL REFERENCES voters(id),
  name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 50),
  id_number TEXT NOT NULL CHECK (length(id_number) = 18),
  gender TEXT NOT NULL CHECK (gender IN ('M','F')),
  birth_date TEXT NOT NULL,
  group_name TEXT NOT NULL DEFAULT '',
  category TEXT NOT NULL CHECK (length(category) BETWEEN 1 AND 60),
  approval_ref TEXT NOT NULL DEFAULT '',
  party_status TEXT CHECK (party_status IS NULL OR party_status IN ('full','probationary','probation_discipline','suspended')),
  reason TEXT NOT NULL CHECK (length(reason) BETWEEN 1 AND 500),
  ${who}
) STRICT;
CREATE INDEX voter_corrections_voter ON voter_corrections(voter_id, id);
CREATE INDEX voter_corrections_id_number ON voter_corrections(id_number);

CREATE TABLE voter_reregistrations (
  id INTEGER PRIMARY KEY,
  voter_id INTEGER NOT NULL UNIQUE REFERENCES voters(id),
  previous_voter_id INTEGER NOT NULL UNIQUE REFERENCES voters(id),
  decision_ref TEXT NOT NULL CHECK (length(decision_ref) BETWEEN 1 AND 200),
  decided_on TEXT NOT NULL CHECK (decided_on GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
  note TEXT NOT NULL DEFAULT '',
  ${who},
  CHECK (voter_id <> previous_voter_id)
) STRICT;
` +
  appendOnlyTriggers([...M008_TABLES]);

/**
 * Issue 10B: each ruling on a doubtful ballot (V6) names the 监票人 who decided it — one of the
 * election's registered scrutineers (officials). A row of its own beside ballot_rulings: an added
 * column would change the stored rows the audit chain vouches for. Rulings made before this
 * migration have none.
 */
const m009 = `
CREATE TABLE ruling_scrutineers (
  id INTEGER PRIMARY KEY,
  ruling_id INTEGER NOT NULL UNIQUE REFERENCES ballot_rulings(id),
  official_id INTEGER NOT NULL REFERENCES officials(id),
  ${who}
) STRICT;
`;

/**
 * Issue 11: a ballot's marks as one row instead of one row per mark. The row's id is the ballot's
 * own id (INTEGER PRIMARY KEY: no second index), `marks` the marks in entry order as a JSON array of
 * [position, 'for'|'against'|'write_in', candidate id | null, write-in name | null] — the very text
 * the counting projection groups identical ballots by (scenario-from-db.ts) — and `write_in_voters`
 * the voters the write-ins were matched to, in the same order as the marks (null where none), or
 * NULL when the ballot has no write-in. Ballots recorded before stay in ballot_marks, unchanged;
 * readers take either (ballot-marks.ts). The command checks every id against the round and the roll
 * before it writes; the row's hash in the audit event keeps it from being changed afterwards.
 */
const m010 = `
CREATE TABLE ballot_mark_lists (
  id INTEGER PRIMARY KEY REFERENCES ballots(id),
  marks TEXT NOT NULL CHECK (json_valid(marks) AND json_type(marks) = 'array'),
  write_in_voters TEXT CHECK (write_in_voters IS NULL OR (json_valid(write_in_voters) AND json_type(write_in_voters) = 'array'))
) STRICT;
`;

/** The audit log's own tables (not domain tables: no command's effects name them). */
export const AUDIT_TABLES = ['audit', 'audit_seal', 'audit_seals'] as const;

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'domain tables and audit log',
    sql: m001 + appendOnlyTriggers([...DOMAIN_TABLES.filter((t) => !LATER_TABLES.includes(t)), 'audit']),
  },
  { version: 2, name: 'E8 close relatives among candidates', sql: m002 + appendOnlyTriggers([...M002_TABLES]) },
  { version: 3, name: 'the 2026 law: proxies to any villager, relations revoked, reviews, mobile box lists, P9 and E6 decisions', sql: m003, rebuildsTables: true },
  { version: 4, name: 'roll import: column mappings remembered for the election', sql: m004 + appendOnlyTriggers([...M004_TABLES]) },
  { version: 5, name: 'audit seal: masked inputs in the chain (issue 13)', sql: m005 + appendOnlyTriggers(['audit_seal']) },
  { version: 6, name: 'papers: settings, ballot printings, P10 secretary election, Party approval', sql: m006 + appendOnlyTriggers([...M006_TABLES]) },
  { version: 7, name: 'keyed seals on audit events (issue 12)', sql: m007 + appendOnlyTriggers(['audit_seals']) },
  { version: 8, name: 'roll corrections and re-registrations (issue 10A)', sql: m008, rebuildsTables: true },
  { version: 9, name: 'rulings name the scrutineer who decided (issue 10B)', sql: m009 + appendOnlyTriggers([...M009_TABLES]) },
  { version: 10, name: 'a ballot\'s marks in one row (issue 11)', sql: m010 + appendOnlyTriggers([...M010_TABLES]) },
];
