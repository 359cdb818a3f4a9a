/**
 * A roll file named by a path — only the command line does that; the window and the browser host
 * send the file's contents. The path must name a regular file (not a link, a folder, a FIFO or a
 * device) of bounded size, checked before a byte is read and again on the opened file, so that a
 * file swapped in between, or one that keeps growing, is not read either.
 */
import { closeSync, constants, fstatSync, lstatSync, openSync, readSync, type Stats } from 'node:fs';
import { basename } from 'node:path';
import { fail, ok, type Result } from '../../../shared/result.js';
import { DEFAULT_MAX_BYTES } from './limits.js';

export interface RollPathFile {
  bytes: Uint8Array;
  fileName: string;
}

const tooLarge = (size: number, max: number) =>
  fail('IMPORT_TOO_LARGE', `文件太大（${(size / 1024 / 1024).toFixed(1)} MB，上限 ${Math.round(max / 1024 / 1024)} MB），不像是一个村的选民名单。请检查是否选错了文件，或把名单拆开分批导入。`);

export function readRollPath(path: string, maxBytes = DEFAULT_MAX_BYTES): Result<RollPathFile> {
  let st: Stats;
  try {
    st = lstatSync(path);
  } catch {
    return fail('IMPORT_FILE_NOT_FOUND', `找不到或无法读取文件：${path}。请确认文件路径，U 盘是否已插好。`);
  }
  if (st.isSymbolicLink()) return fail('IMPORT_NOT_A_FILE', `${path} 是一个链接（快捷方式），不是文件本身。请给出名单文件本身的路径。`);
  if (!st.isFile()) return fail('IMPORT_NOT_A_FILE', `${path} 不是一个普通文件（是文件夹或设备）。请给出名单文件的路径。`);
  if (st.size > maxBytes) return tooLarge(st.size, maxBytes);
  let fd: number;
  try {
    // O_NONBLOCK: a FIFO swapped in after the check must not hang the open
    fd = openSync(path, constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0) | (constants.O_NONBLOCK ?? 0));
  } catch {
    return fail('IMPORT_FILE_NOT_FOUND', `无法打开文件：${path}。请确认文件没有被其他程序占用。`);
  }
  try {
    const f = fstatSync(fd);
    if (!f.isFile() || f.ino !== st.ino || f.dev !== st.dev) return fail('IMPORT_NOT_A_FILE', `${path} 在读取时被换成了别的东西。请重新给出名单文件的路径。`);
    if (f.size > maxBytes) return tooLarge(f.size, maxBytes);
    const buf = Buffer.alloc(Math.min(f.size, maxBytes) + 1);
    let n = 0;
    for (;;) {
      const got = readSync(fd, buf, n, buf.length - n, null);
      if (got === 0) break;
      n += got;
      if (n === buf.length) {
        if (n > maxBytes) return tooLarge(n, maxBytes);
        return fail('IMPORT_FILE_CHANGED', `${path} 在读取时还在变大（可能正在复制）。请等文件复制完后重新导入。`);
      }
    }
    return ok({ bytes: new Uint8Array(buf.buffer, buf.byteOffset, n), fileName: basename(path) });
  } finally {
    closeSync(fd);
  }
}

/** The commands' file input ({ dataBase64, fileName }) for a path: the command line's way in. */
export function rollFileInput(path: string, maxBytes = DEFAULT_MAX_BYTES): Result<{ dataBase64: string; fileName: string }> {
  const r = readRollPath(path, maxBytes);
  if (!r.ok) return r;
  return ok({ dataBase64: Buffer.from(r.value.bytes.buffer, r.value.bytes.byteOffset, r.value.bytes.byteLength).toString('base64'), fileName: r.value.fileName });
}
