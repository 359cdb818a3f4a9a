/**
 * Removable drives the package can be written to. Linux: `lsblk -J` (RM=1 with a mount point) and
 * mounts under /media and /run/media; Windows: removable volumes (PowerShell Get-Volume, then wmic
 * as a fallback); macOS: /Volumes except the system volume. The user can always pick any folder
 * instead, so a drive this misses is never a dead end.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, statfsSync, statSync } from 'node:fs';
import path from 'node:path';

export interface Drive {
  path: string;
  label: string;
  removable: boolean;
  sizeBytes: number | null;
  freeBytes: number | null;
}

const run = (cmd: string, args: string[]): string | undefined => {
  try {
    return execFileSync(cmd, args, { encoding: 'utf8', timeout: 4000, stdio: ['ignore', 'pipe', 'ignore'], windowsHide: true });
  } catch {
    return undefined;
  }
};

function space(p: string): { sizeBytes: number | null; freeBytes: number | null } {
  try {
    const s = statfsSync(p);
    return { sizeBytes: s.blocks * s.bsize, freeBytes: s.bavail * s.bsize };
  } catch {
    return { sizeBytes: null, freeBytes: null };
  }
}

interface LsblkDevice {
  name?: string;
  rm?: boolean | string | number;
  mountpoint?: string | null;
  mountpoints?: (string | null)[];
  label?: string | null;
  size?: string | number | null;
  children?: LsblkDevice[];
}

/** Parses `lsblk -J -o NAME,RM,MOUNTPOINT,LABEL,SIZE`: removable devices' mounted partitions. */
export function parseLsblk(json: string): { path: string; label: string }[] {
  const out: { path: string; label: string }[] = [];
  let parsed: { blockdevices?: LsblkDevice[] };
  try {
    parsed = JSON.parse(json) as { blockdevices?: LsblkDevice[] };
  } catch {
    return out;
  }
  const isRm = (v: LsblkDevice['rm']): boolean => v === true || v === '1' || v === 1;
  const walk = (d: LsblkDevice, parentRm: boolean): void => {
    const rm = parentRm || isRm(d.rm);
    const mounts = [d.mountpoint ?? null, ...(d.mountpoints ?? [])].filter((m): m is string => typeof m === 'string' && m.length > 0 && m !== '[SWAP]');
    if (rm) for (const m of new Set(mounts)) out.push({ path: m, label: d.label ?? d.name ?? m });
    for (const c of d.children ?? []) walk(c, rm);
  };
  for (const d of parsed.blockdevices ?? []) walk(d, false);
  return out;
}

/** Folders one level (and for /run/media, two levels: user/label) under a mount root. */
function mountsUnder(root: string, depth: number): string[] {
  let names: string[];
  try {
    names = readdirSync(root);
  } catch {
    return [];
  }
  const out: string[] = [];
  for (const n of names) {
    const p = path.join(root, n);
    try {
      if (!statSync(p).isDirectory()) continue;
    } catch {
      continue;
    }
    if (depth > 1) out.push(...mountsUnder(p, depth - 1));
    else out.push(p);
  }
  return out;
}

function linuxDrives(): Drive[] {
  const found = new Map<string, { label: string; removable: boolean }>();
  const lsblk = run('lsblk', ['-J', '-o', 'NAME,RM,MOUNTPOINT,LABEL,SIZE']);
  if (lsblk) for (const d of parseLsblk(lsblk)) found.set(d.path, { label: d.label, removable: true });
  const user = process.env.USER ?? '';
  for (const p of [...mountsUnder('/media', user ? 2 : 1), ...mountsUnder('/run/media', 2)]) {
    if (!found.has(p)) found.set(p, { label: path.basename(p), removable: true });
  }
  return [...found.entries()].map(([p, d]) => ({ path: p, ...d, ...space(p) }));
}

export function parseWindowsVolumes(json: string): { path: string; label: string }[] {
  try {
    const v = JSON.parse(json) as unknown;
    const list = (Array.isArray(v) ? v : [v]) as { DriveLetter?: string | null; FileSystemLabel?: string | null; DeviceID?: string; VolumeName?: string | null }[];
    return list
      .map((x) => {
        const letter = x.DriveLetter ?? x.DeviceID?.replace(':', '');
        return letter ? { path: `${letter}:\\`, label: x.FileSystemLabel ?? x.VolumeName ?? `${letter}:` } : undefined;
      })
      .filter((x): x is { path: string; label: string } => x !== undefined);
  } catch {
    return [];
  }
}

function windowsDrives(): Drive[] {
  const ps = run('powershell.exe', [
    '-NoProfile',
    '-NonInteractive',
    '-Command',
    "Get-Volume | Where-Object { $_.DriveType -eq 'Removable' -and $_.DriveLetter } | Select-Object DriveLetter,FileSystemLabel | ConvertTo-Json -Compress",
  ]);
  let vols = ps ? parseWindowsVolumes(ps) : [];
  if (vols.length === 0) {
    const wmic = run('wmic', ['logicaldisk', 'where', 'DriveType=2', 'get', 'DeviceID,VolumeName', '/format:csv']);
    if (wmic) {
      vols = wmic
        .split(/\r?\n/)
        .map((l) => l.trim().split(','))
        .filter((c) => /^[A-Z]:$/.test(c[1] ?? ''))
        .map((c) => ({ path: `${c[1] ?? ''}\\`, label: c[2] || (c[1] ?? '') }));
    }
  }
  return vols.map((v) => ({ ...v, removable: true, ...space(v.path) }));
}

function macDrives(): Drive[] {
  return mountsUnder('/Volumes', 1)
    .filter((p) => !['Macintosh HD', 'Macintosh HD - Data', 'Recovery', 'Preboot'].includes(path.basename(p)))
    .map((p) => ({ path: p, label: path.basename(p), removable: true, ...space(p) }));
}

/**
 * A folder whose subfolders count as plugged-in removable drives (STATION_REMOVABLE_ROOT): tests and
 * training rooms simulate the USB drive with a folder; a real machine leaves it unset.
 */
export const REMOVABLE_ROOT_ENV = 'STATION_REMOVABLE_ROOT';

function simulatedDrives(): Drive[] {
  const root = process.env[REMOVABLE_ROOT_ENV];
  if (!root) return [];
  return mountsUnder(path.resolve(root), 1).map((p) => ({ path: p, label: path.basename(p), removable: true, ...space(p) }));
}

export function findDrives(platform: NodeJS.Platform = process.platform): Drive[] {
  const simulated = simulatedDrives();
  if (platform === 'win32') return [...windowsDrives(), ...simulated];
  if (platform === 'darwin') return [...macDrives(), ...simulated];
  const real = linuxDrives();
  return [...real, ...simulated.filter((d) => !real.some((r) => r.path === d.path))];
}

export function drivesMessage(drives: readonly Drive[]): string {
  return drives.length === 0
    ? '没有找到 U 盘。请插入 U 盘后点“刷新”，或点“选择文件夹”自己选一个位置。'
    : `找到 ${drives.length} 个 U 盘，请选择要写入的那一个。`;
}
