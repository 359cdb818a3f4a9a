/**
 * The renderer's one way to reach the station: `api.call(command, input)`. Under Electron it goes
 * through the preload's `window.station.call` (one IPC channel); in the browser host it is a fetch to
 * `POST /api/<command>` carrying this run's token from the page's meta tag. Either way the answer is
 * the station's Result: `{ ok: true, value }` or `{ ok: false, error: { code, message } }`.
 */
import { contract, type CommandInput, type CommandName, type CommandOutput } from '../../shared/contract.js';
import { workspaceContract, type WorkspaceContract } from '../../shared/contract/workspace.js';
import type { AppError, Result } from '../../shared/result.js';
import type { z } from 'zod';

const specs = { ...contract, ...workspaceContract } as Record<string, { mutates: boolean; summary: string } | undefined>;

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
  /**
   * What a guarded call authorises, in words the chair checks before typing the PIN ("作废第 12 张选票
   * 记录：…"). Shown in the PIN dialog only; never sent. Default: the command's own summary.
   */
  purpose?: string;
}

/** What the PIN dialog shows: the station's words (密码不对…) and what the PIN would authorise. */
export interface PinAsk {
  message: string;
  purpose: string;
}

/** A command's summary without its parenthesis: 作废一条录错的选票记录. */
export const commandSummary = (command: string): string =>
  ((specs[command] as { summary?: string } | undefined)?.summary ?? command).split(/[（(]/)[0]?.trim() || command;

interface Bridge {
  call(command: string, input: unknown, opts?: CallOptions): Promise<Result<unknown>>;
}

declare global {
  interface Window {
    station?: Bridge;
  }
}

const token = (): string => document.querySelector('meta[name="station-token"]')?.getAttribute('content') ?? '';

/**
 * The station cannot be reached (B5): 'down' while it does not answer (stopped, crashed, the network
 * between page and host gone), 'restarted' when it answers again but as a new run (a new token: it no
 * longer accepts this page, which must be opened again). The app shows one blocking banner instead of
 * the page's data (ui/outage.tsx); reads wait for the station instead of answering "empty".
 */
export type Outage = { kind: 'down' } | { kind: 'restarted' } | null;

/** A call that never reached the station, or whose answer never came back (not a refusal). */
class Unreachable {
  constructor(readonly restarted: boolean) {}
}

let outage: Outage = null;
const outageListeners = new Set<(o: Outage) => void>();
/** Calls (reads) waiting for the station to answer again. */
let waiting: (() => void)[] = [];
let probing: ReturnType<typeof setTimeout> | null = null;

export const currentOutage = (): Outage => outage;
export function onOutage(fn: (o: Outage) => void): () => void {
  outageListeners.add(fn);
  return () => outageListeners.delete(fn);
}

function setOutage(o: Outage): void {
  // once restarted, only a reload helps: never back to 'down' or 'fine'
  if (outage?.kind === 'restarted' || (o?.kind === outage?.kind && o !== null)) return;
  outage = o;
  for (const l of outageListeners) l(o);
  if (o === null) {
    const go = waiting;
    waiting = [];
    for (const w of go) w();
  } else if (o.kind === 'down') probeSoon();
}

/**
 * Is the station back, and the same run? A cheap read through the same path as every call: an
 * answer is the same run; the browser host refusing this page's token (403) is a new run (a new
 * token each start); no answer is still down.
 */
async function probe(): Promise<'same' | 'restarted' | 'down'> {
  try {
    if (window.station) await viaBridge(window.station, 'workspace.current', {}, {});
    else await viaFetch('workspace.current', {}, {});
    return 'same';
  } catch (e) {
    return e instanceof Unreachable && e.restarted ? 'restarted' : 'down';
  }
}

function probeSoon(): void {
  if (probing) return;
  probing = setTimeout(async () => {
    probing = null;
    const p = await probe();
    if (p === 'same') setOutage(null);
    else if (p === 'restarted') setOutage({ kind: 'restarted' });
    else probeSoon();
  }, 1500);
}

/** Noticed without a call: the browser host is checked every few seconds while the page is shown. */
if (typeof window !== 'undefined' && typeof document !== 'undefined' && !window.station) {
  setInterval(() => {
    if (outage !== null || document.hidden) return;
    void probe().then((p) => {
      if (p === 'down') setOutage({ kind: 'down' });
      else if (p === 'restarted') setOutage({ kind: 'restarted' });
    });
  }, 5000);
}

async function viaFetch(command: string, input: unknown, opts: CallOptions): Promise<Result<unknown>> {
  const headers: Record<string, string> = { 'content-type': 'application/json', 'x-station-token': token() };
  if (opts.pin) headers['x-station-pin'] = opts.pin;
  let res: Response;
  try {
    res = await fetch(`./api/${encodeURIComponent(command)}`, { method: 'POST', headers, body: JSON.stringify(input ?? {}) });
  } catch {
    throw new Unreachable(false);
  }
  let body: Result<unknown>;
  try {
    body = (await res.json()) as Result<unknown>;
  } catch {
    // a cut-off answer, or something that is not this station answering
    throw new Unreachable(false);
  }
  // This page's token is refused: the host was started again (a new token each run).
  if (res.status === 403 && !body.ok && body.error.code === 'FORBIDDEN') throw new Unreachable(true);
  return body;
}

async function viaBridge(bridge: Bridge, command: string, input: unknown, opts: CallOptions): Promise<Result<unknown>> {
  try {
    return await bridge.call(command, input, opts);
  } catch {
    throw new Unreachable(false);
  }
}

/** Changes nothing: safe to send again once the station answers (a preview entry included). */
const isRead = (command: string, input: unknown): boolean =>
  specs[command]?.mutates === false || (input as { preview?: unknown } | null)?.preview === true;

/**
 * One call, through an outage: a read waits for the station and is sent again (a failed read is never
 * an empty answer); a change is not resent (it may have gone through) and answers OFFLINE.
 */
async function reach(command: string, input: unknown, opts: CallOptions): Promise<Result<unknown>> {
  for (;;) {
    if (outage !== null && isRead(command, input)) await new Promise<void>((resolve) => waiting.push(resolve));
    try {
      const r = await (window.station ? viaBridge(window.station, command, input, opts) : viaFetch(command, input, opts));
      return r;
    } catch (e) {
      if (!(e instanceof Unreachable)) throw e;
      setOutage({ kind: e.restarted ? 'restarted' : 'down' });
      if (!isRead(command, input)) {
        return {
          ok: false,
          error: {
            code: 'OFFLINE',
            message: '计票站程序没有响应，这项操作没有得到确认。程序恢复后，请先核对（例如看最近的记录）是否已经完成，再决定是否重做。',
          },
        };
      }
    }
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
let pinPrompter: ((ask: PinAsk) => Promise<string | null>) | null = null;
/** The app registers a dialog that asks for the chair's PIN when a guarded command needs it. */
export const setPinPrompter = (fn: typeof pinPrompter): void => {
  pinPrompter = fn;
};

export const api = {
  async call<C extends HostCommand>(command: C, input: In<C>, opts: CallOptions = {}): Promise<Result<Out<C>>> {
    const send = (o: CallOptions) => reach(command, input, o.pin ? { pin: o.pin } : {});
    let r = await send(opts);
    // A guarded command (approve, void, confirm, restore…) asks for the chair's PIN and is retried;
    // the staff lock (ui/staff-lock.tsx) asks for its own PIN itself.
    const chairAsks = (e: AppError): boolean => (e.code === 'PIN_REQUIRED' || e.code === 'PIN_WRONG') && (e.details as { role?: string } | undefined)?.role !== 'staff';
    while (!r.ok && chairAsks(r.error) && pinPrompter) {
      const pin = await pinPrompter({ message: r.error.message, purpose: opts.purpose ?? commandSummary(command) });
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
