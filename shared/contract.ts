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
import { workspaceContract } from './contract/workspace.js';
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

/** A command's spec in the station's or the workspace's contract. */
function specOf(command: string): CommandSpec | undefined {
  if (isCommandName(command)) return contract[command];
  return Object.prototype.hasOwnProperty.call(workspaceContract, command) ? (workspaceContract as Record<string, CommandSpec>)[command] : undefined;
}

/**
 * Commands that need the committee chair's PIN once one is set, some only for some inputs (see
 * CommandSpec.chair, declared on each command: this set is derived from those declarations).
 */
export const CHAIR_COMMANDS: ReadonlySet<string> = new Set(
  [...Object.entries(contract), ...Object.entries(workspaceContract)].filter(([, spec]) => (spec as CommandSpec).chair !== undefined).map(([name]) => name),
);

/** Whether this call (command and its parsed input) needs the chair's PIN. */
export function needsChair(command: string, input: unknown): boolean {
  const chair = specOf(command)?.chair;
  if (chair === undefined) return false;
  return chair === true || chair.when(input as never);
}

/** When a command is guarded, for lists: '' for always, else the condition's words. */
export function chairCondition(command: string): string {
  const chair = specOf(command)?.chair;
  return chair === undefined || chair === true ? '' : chair.label;
}
