/**
 * Files the station produced, seen from the page: a saved form PDF fetched from the browser host
 * (GET /forms/<file name> with this run's token) as a blob: URL for the preview frame, and
 * downloads of tables (CSV text, XLSX bytes) through an <a download> click.
 */
const token = (): string => document.querySelector('meta[name="station-token"]')?.getAttribute('content') ?? '';

/** True in the browser host; the Electron window has no /forms/ route (it shows the saved path). */
export const canFetchForms = (): boolean => !window.station;

export async function fetchFormUrl(fileName: string): Promise<{ ok: true; url: string } | { ok: false; message: string }> {
  try {
    const res = await fetch(`./forms/${encodeURIComponent(fileName)}`, { headers: { 'x-station-token': token() } });
    if (!res.ok) return { ok: false, message: res.status === 404 ? '找不到这份 PDF（可能已被移动或删除），请重新生成。' : `读取 PDF 失败（${res.status}），请刷新页面后重试。` };
    const blob = await res.blob();
    return { ok: true, url: URL.createObjectURL(new Blob([blob], { type: 'application/pdf' })) };
  } catch {
    return { ok: false, message: '连不上计票站程序，无法打开 PDF。请确认启动它的窗口没有关闭。' };
  }
}

function save(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

export const downloadText = (text: string, fileName: string, type = 'text/csv;charset=utf-8'): void => save(new Blob([text], { type }), fileName);

export function downloadBase64(b64: string, fileName: string, type: string): void {
  const bin = atob(b64);
  const bytes = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
  save(new Blob([bytes], { type }), fileName);
}

export const fmtBytes = (n: number): string => (n >= 1024 * 1024 ? `${(n / 1024 / 1024).toFixed(1)} MB` : `${Math.max(1, Math.ceil(n / 1024))} KB`);

interface FormOpener {
  openForm?: (fileName: string) => Promise<{ ok: true } | { ok: false; error: { message: string } }>;
}

/** In the Electron window: the saved PDF opens in the system's PDF reader (print from there). */
export async function openFormInReader(fileName: string): Promise<string | null> {
  const opener = window.station as unknown as FormOpener | undefined;
  if (!opener?.openForm) return '这个窗口不能直接打开 PDF，请到表格所在的文件夹中打开打印。';
  const r = await opener.openForm(fileName);
  return r.ok ? null : r.error.message;
}

interface FolderPicker {
  pickFolder?: () => Promise<{ ok: true; value: { path: string | null } } | { ok: false; error: { message: string } }>;
}

/** True in the Electron window, which has the system folder dialog; the browser host types the path. */
export const canPickFolder = (): boolean => typeof (window.station as unknown as FolderPicker | undefined)?.pickFolder === 'function';

/** The chosen folder's path, or null when cancelled or not available. */
export async function pickFolder(): Promise<string | null> {
  const picker = window.station as unknown as FolderPicker | undefined;
  if (!picker?.pickFolder) return null;
  const r = await picker.pickFolder();
  return r.ok ? r.value.path : null;
}
