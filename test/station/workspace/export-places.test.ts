/**
 * Issue 10 — export places without a folder dialog: the drives found (STATION_REMOVABLE_ROOT
 * simulates the USB drive with a folder) and the folders under the data root, never the station's
 * own; the browser host's check refuses any export target not among them.
 */
import { mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { exportPlaces, offeredPaths, EXPORT_FOLDER } from '../../../electron/station/export/places.js';
import { findDrives, REMOVABLE_ROOT_ENV } from '../../../electron/station/export/drives.js';
import { refuseUnofferedTarget } from '../../../electron/page-guard.js';

const dirs: string[] = [];
const temp = (prefix: string): string => {
  const d = mkdtempSync(path.join(os.tmpdir(), prefix));
  dirs.push(d);
  return d;
};
afterEach(() => {
  delete process.env[REMOVABLE_ROOT_ENV];
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('export places (issue 10)', () => {
  it('lists the simulated USB drives and the data root folders, not the station’s own', () => {
    const media = temp('places-media-');
    mkdirSync(path.join(media, 'KINGSTON'));
    process.env[REMOVABLE_ROOT_ENV] = media;
    const root = temp('places-root-');
    for (const own of ['elections', 'township', '.keys']) mkdirSync(path.join(root, own));
    mkdirSync(path.join(root, '给乡镇的副本'));
    const p = exportPlaces(root);
    expect(p.drives.filter((d) => d.path.startsWith(media))).toMatchObject([{ path: path.join(media, 'KINGSTON'), label: 'KINGSTON', removable: true }]);
    expect(p.folders.map((f) => path.basename(f.path))).toEqual([EXPORT_FOLDER, '给乡镇的副本']);
    expect(p.folders[0]?.label).toBe('本机数据目录中的“导出包”文件夹');
    expect(findDrives().some((d) => d.path === path.join(media, 'KINGSTON'))).toBe(true);
  });

  it('the host refuses an export target not offered: elsewhere, inside a drive, a link to elsewhere', () => {
    const root = temp('places-root-');
    const elsewhere = temp('places-elsewhere-');
    const offered = () => offeredPaths(exportPlaces(root, () => []));
    expect(refuseUnofferedTarget('export.write', { target: path.join(root, EXPORT_FOLDER) }, offered)).toBeNull();
    for (const target of [elsewhere, path.join(root, EXPORT_FOLDER, 'sub'), path.join(root, 'elections'), root]) {
      expect(refuseUnofferedTarget('export.write', { target }, offered)?.ok, target).toBe(false);
    }
    // a link the user made under the data root that points elsewhere is compared by its real path
    symlinkSync(elsewhere, path.join(root, '链接'));
    const viaLink = exportPlaces(root, () => []);
    expect(viaLink.folders.map((f) => path.basename(f.path))).not.toContain('链接');
    expect(refuseUnofferedTarget('export.write', { target: path.join(root, '链接') }, offered)?.ok).toBe(false);
    // other commands are not this check's business
    expect(refuseUnofferedTarget('export.drives', {}, offered)).toBeNull();
  });
});
