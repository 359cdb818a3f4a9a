/** “选择文件夹…”: the system folder dialog, shown only where there is one (the Electron window). */
import { Button } from './kit';
import { canPickFolder, pickFolder } from './files';

export function PickFolderButton({ onPicked }: { onPicked: (folder: string) => void }) {
  if (!canPickFolder()) return null;
  return (
    <Button
      onClick={async () => {
        const p = await pickFolder();
        if (p) onPicked(p);
      }}
    >
      选择文件夹…
    </Button>
  );
}
