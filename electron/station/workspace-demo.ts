/**
 * Stand-in for the demo election until `electron/station/demo.ts` (buildDemo) lands: a drill
 * election built only through station commands, so the start page's “演示选举” button works.
 */
import type { Result } from '../../shared/result.js';
import type { Station } from './index.js';

export function buildDemoElection(station: Station): Result<unknown> {
  return station.run('election.create', {
    kind: 'villagers_committee',
    title: '演示村第十二届村民委员会换届选举（演示）',
    village: '演示村',
    township: '演示镇',
    electionDate: new Date().toISOString().slice(0, 10),
    drill: true,
  });
}
