/**
 * Sandboxed preload (bundled to CommonJS): exposes exactly `window.station.call(command, input,
 * opts?)` over the one IPC channel, `openForm(fileName)` (a saved PDF to print) and `pickFolder()` (the folder dialog), nothing else. `opts` carries only the chair's PIN for
 * guarded commands; the main process validates all three before anything reaches the station.
 */
import { contextBridge, ipcRenderer } from 'electron';

contextBridge.exposeInMainWorld('station', {
  call: (command: string, input: unknown, opts?: { pin?: string }): Promise<unknown> =>
    ipcRenderer.invoke('station:call', String(command), input, opts && typeof opts.pin === 'string' ? { pin: opts.pin } : undefined),
  /** Opens a saved form PDF (a file name from forms.render / forms.list) in the PDF reader to print. */
  openForm: (fileName: string): Promise<unknown> => ipcRenderer.invoke('station:openForm', String(fileName)),
  /** The system folder dialog; answers { ok, value: { path } } with path null when cancelled. */
  pickFolder: (): Promise<unknown> => ipcRenderer.invoke('station:pickFolder'),
});
