/**
 * Where a page may export to without a folder dialog (the browser host): the removable drives the
 * station finds, and the folders under the station's data root — its own 导出包 folder (made when
 * first listed, for a machine with no USB drive at hand) and any folder the user made there. The
 * station's own folders (elections, township, hidden ones) are never offered. The browser host
 * writes only to a folder in this list (electron/browser-host.ts).
 */
import { mkdirSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { findDrives, type Drive } from './drives.js';

/** The folder under the data root always offered. */
export const EXPORT_FOLDER = '导出包';
const STATION_OWN = new Set(['elections', 'township']);

export interface Places {
  drives: Drive[];
  folders: { path: string; label: string }[];
  message: string;
}

export function exportPlaces(root: string, drives: () => Drive[] = () => findDrives()): Places {
  const own = path.join(root, EXPORT_FOLDER);
  mkdirSync(own, { recursive: true });
  const folders = readdirSync(root, { withFileTypes: true })
    .filter((d) => d.isDirectory() && !d.name.startsWith('.') && !STATION_OWN.has(d.name))
    .map((d) => ({ path: path.join(root, d.name), label: `本机数据目录中的“${d.name}”文件夹` }))
    .sort((a, b) => (a.path === own ? -1 : b.path === own ? 1 : a.path.localeCompare(b.path, 'zh-CN')));
  const found = drives();
  const message =
    found.length === 0
      ? '没有找到 U 盘。请插入 U 盘后点“刷新”；也可以先导出到本机数据目录中的文件夹，之后再复制到 U 盘。'
      : `找到 ${found.length} 个 U 盘，请选择要写入的那一个。`;
  return { drives: found, folders, message };
}

/** Every path offered (drives and folders), for the host's check of the export target. */
export const offeredPaths = (p: Places): string[] => [...p.drives.map((d) => d.path), ...p.folders.map((f) => f.path)];
