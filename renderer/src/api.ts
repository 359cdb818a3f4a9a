/**
 * The renderer's one way to reach the station: `api.call(command, input)`. Under Electron it goes
 * through the preload's `window.station.call` (one IPC channel); in the browser host it is a fetch to
 * `POST /api/<command>` carrying this run's token from the page's meta tag. Either way the answer is
 * the station's Result: `{ ok: true, value }` or `{ ok: false, error: { code, message } }`.
 */
import { contract, type CommandInput, type CommandName, type CommandOutput } from '../../shared/contract.js';
import type { WorkspaceContract } from '../../shared/contract/workspace.js';
import type { AppError, Result } from '../../shared/result.js';
import type { z } from 'zod';

type WsName = keyof WorkspaceContract;
export type HostCommand = CommandName | WsName;
export type In<C extends HostCommand> = C extends WsName ? z.input<WorkspaceContract[C]['input']> : C extends CommandName ? CommandInput<C> : never;
export type Out<C extends HostCommand> = C extends WsName ? z.output<WorkspaceContract[C]['output']> : C extends CommandName ? CommandOutput<C> : never;

/** The election a page works on, as workspace.current gives it (every page takes it from the app). */
export type Opened = NonNullable<Out<'workspace.current'>['current']>;
export type Election = Opened['election'];
export type { AppError, Result };

export interface CallOptions {
  /** A PIN: the chair's for guarded commands (CommandSpec.chair), or the staff PIN for auth.check. */
  pin?: string;
}

interface Bridge {
  call(command: string, input: unknown, opts?: CallOptions): Promise<Result<unknown>>;
}

declare global {
  interface Window {
    station?: Bridge;
  }
}

const token = (): string => document.querySelector('meta[name="station-token"]')?.getAttribute('content') ?? '';

async function viaFetch(command: string, input: unknown, opts: CallOptions): Promise<Result<unknown>> {
  const headers: Record<string, string> = { 'content-type': 'application/json', 'x-station-token': token() };
  if (opts.pin) headers['x-station-pin'] = opts.pin;
  let res: Response;
  try {
    res = await fetch(`./api/${encodeURIComponent(command)}`, { method: 'POST', headers, body: JSON.stringify(input ?? {}) });
  } catch {
    return { ok: false, error: { code: 'OFFLINE', message: '连不上计票站程序。请确认启动它的窗口没有关闭，然后刷新本页。' } };
  }
  try {
    return (await res.json()) as Result<unknown>;
  } catch {
    return { ok: false, error: { code: 'BAD_ANSWER', message: `计票站返回了无法识别的内容（${res.status}）。请刷新本页重试。` } };
  }
}

const listeners = new Set<(command: string) => void>();
const channel: BroadcastChannel | null = typeof BroadcastChannel === 'function' ? new BroadcastChannel('station') : null;
/** Called when another window of this station completed a command (e.g. a ballot was recorded). */
export function onOtherWindowCommand(fn: (command: string) => void): () => void {
  if (!channel) return () => {};
  const h = (e: MessageEvent) => fn(String(e.data));
  channel.addEventListener('message', h);
  return () => channel.removeEventListener('message', h);
}
let pinPrompter: ((message: string) => Promise<string | null>) | null = null;
/** The app registers a dialog that asks for the chair's PIN when a guarded command needs it. */
export const setPinPrompter = (fn: typeof pinPrompter): void => {
  pinPrompter = fn;
};

export const api = {
  async call<C extends HostCommand>(command: C, input: In<C>, opts: CallOptions = {}): Promise<Result<Out<C>>> {
    const send = (o: CallOptions) => (window.station ? window.station.call(command, input, o) : viaFetch(command, input, o));
    let r = await send(opts);
    // A guarded command (approve, void, confirm, restore…) asks for the chair's PIN and is retried;
    // the staff lock (ui/staff-lock.tsx) asks for its own PIN itself.
    const chairAsks = (e: AppError): boolean => (e.code === 'PIN_REQUIRED' || e.code === 'PIN_WRONG') && (e.details as { role?: string } | undefined)?.role !== 'staff';
    while (!r.ok && chairAsks(r.error) && pinPrompter) {
      const pin = await pinPrompter(r.error.message);
      if (pin === null) break;
      r = await send({ ...opts, pin });
    }
    // Reads and previews (count.recordBallot with preview) change nothing: no page needs to refresh.
    const changes = (contract as Record<string, { mutates: boolean }>)[command]?.mutates ?? true;
    if (r.ok && changes && (input as { preview?: unknown } | null)?.preview !== true) {
      for (const l of listeners) l(command);
      // Other windows of this station (the hall display on the projector) refresh at once.
      channel?.postMessage(command);
    }
    return r as Result<Out<C>>;
  },
  /** Called after every successful command (pages refresh their data). */
  onCommand(fn: (command: string) => void): () => void {
    listeners.add(fn);
    return () => listeners.delete(fn);
  },
};
