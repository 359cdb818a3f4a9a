/** A Party branch election's forms speak of members: the list is 有选举权的党员名单 and no 选民证 is offered (members sign in). */
import { afterAll, describe, expect, it } from 'vitest';
import { cleanup, ok, partyElection, villageElection } from './helpers.js';

afterAll(cleanup);

describe('form titles by election kind', () => {
  it('party_branch: member list title; voter cards (出席证) unavailable with the reason, and rendering one is refused', () => {
    const f = partyElection();
    const list = ok(f.s, 'forms.list', {}).forms;
    expect(list.find((x) => x.form === 'voter_list')?.title).toBe('有选举权的党员名单');
    const cards = list.find((x) => x.form === 'voter_cards');
    expect(cards?.available).toBe(false);
    expect(cards?.reason).toContain('签到');
    const r = f.s.run('forms.render', { form: 'voter_cards' });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.message).toContain('签到');
  });

  it('villagers_committee: 选民名单 and 选民证', () => {
    const f = villageElection();
    const list = ok(f.s, 'forms.list', {}).forms;
    expect(list.find((x) => x.form === 'voter_list')?.title).toBe('选民名单');
    expect(list.find((x) => x.form === 'voter_cards')?.available).toBe(true);
  });
});
