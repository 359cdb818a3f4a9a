/**
 * The station's command contract: every command name -> { input, output } zod schemas. The Electron
 * IPC channel, the browser host, the CLI and the tests all go through `station.call(name, input)`,
 * which validates the input against this and answers a Result typed by the output schema.
 */
import type { z } from 'zod';
import type { CommandSpec } from './contract/define.js';
import { electionContract } from './contract/election.js';
import { stationContract } from './contract/station.js';
import { authContract } from './contract/auth.js';
import { rollContract } from './contract/roll.js';
import { partyContract } from './contract/party.js';
import { proxyContract } from './contract/proxy.js';
import { issueContract } from './contract/issue.js';
import { countContract } from './contract/count.js';
import { roundContract } from './contract/round.js';
import { outputContract } from './contract/output.js';
import { papersContract } from './contract/papers.js';

export const contract = {
  ...stationContract,
  ...authContract,
  ...electionContract,
  ...rollContract,
  ...partyContract,
  ...proxyContract,
  ...issueContract,
  ...countContract,
  ...roundContract,
  ...outputContract,
  ...papersContract,
} satisfies Record<string, CommandSpec>;

export type Contract = typeof contract;
export type CommandName = keyof Contract;
export type CommandInput<C extends CommandName> = z.input<Contract[C]['input']>;
export type CommandOutput<C extends CommandName> = z.output<Contract[C]['output']>;

export const isCommandName = (s: string): s is CommandName => Object.prototype.hasOwnProperty.call(contract, s);
export type { CommandSpec };

/**
 * Commands that need the committee chair's PIN once one is set (issue 6): approving proxies and
 * exclusions, voiding or correcting a ballot, confirming a round, exporting, restoring a backup.
 * Kept here, in one list, so no area can forget it.
 */
export const CHAIR_COMMANDS: ReadonlySet<string> = new Set([
  'proxy.approve',
  'party.exclude',
  'party.revokeExclusion',
  'count.voidBallot',
  'count.correctBallot',
  'round.confirm',
  'export.write',
  'backup.restore',
  'workspace.restore',
  'secretary.voidBallot',
  'secretary.confirm',
  'secretary.recordApproval',
]);
