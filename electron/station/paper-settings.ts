/** The election settings printed on paper (届次, 选字第×号, Party organisation type): the latest row counts. */
import { announcementLabel, partyOrgName, termLabel, type PartyOrgType } from '../../shared/papers.js';
import type { Db } from './db/open.js';
import { electionRow } from './queries.js';

export interface PaperSettings {
  term: number | null;
  termLabel: string | null;
  announcementNumber: number | null;
  announcementLabel: string | null;
  partyOrgType: PartyOrgType;
  partyOrgName: string;
  at: string | null;
}

export function paperSettings(db: Db): PaperSettings {
  const e = electionRow(db);
  const r = db.prepare('SELECT term, announcement_no, party_org_type, at FROM paper_settings ORDER BY id DESC LIMIT 1').get() as
    | { term: number | null; announcement_no: number | null; party_org_type: PartyOrgType; at: string }
    | undefined;
  const type = r?.party_org_type ?? 'branch';
  return {
    term: r?.term ?? null,
    termLabel: r?.term ? termLabel(r.term) : null,
    announcementNumber: r?.announcement_no ?? null,
    announcementLabel: r?.announcement_no ? announcementLabel(r.announcement_no) : null,
    partyOrgType: type,
    partyOrgName: partyOrgName(e.village, type),
    at: r?.at ?? null,
  };
}
