// The import-circle check run by `npm run lint`: it finds a circle made only of `import type`, names
// the files, and passes a tree without one — and the product code itself has none.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const script = path.resolve('scripts/import-cycles.mjs');
const dir = mkdtempSync(path.join(tmpdir(), 'ves-cycles-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function tree(files: Record<string, string>): string {
  const root = mkdtempSync(path.join(dir, 't-'));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, name)), { recursive: true });
    writeFileSync(path.join(root, name), text);
  }
  return root;
}

describe('import-cycles', () => {
  it('finds a circle through a type-only import and names its files', () => {
    const root = tree({
      'app.tsx': "import { Page } from './pages/page';\nexport type Election = { id: string };\nexport const App = Page;\n",
      'pages/page.tsx': "import type { Election } from '../app.js';\nexport const Page = (e: Election) => e.id;\n",
      'api.ts': 'export const x = 1;\n',
    });
    const r = spawnSync('node', [script, '--root', root], { encoding: 'utf8' });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('1 import circle(s)');
    expect(r.stderr).toContain('app.tsx');
    expect(r.stderr).toContain('page.tsx');
    expect(r.stderr).not.toContain('api.ts');
  });

  it('passes a tree whose shared type lives in a module of its own', () => {
    const root = tree({
      'app.tsx': "import { Page } from './pages/page';\nexport const App = Page;\n",
      'api.ts': 'export type Election = { id: string };\n',
      'pages/page.tsx': "import type { Election } from '../api.js';\nexport const Page = (e: Election) => e.id;\n",
    });
    expect(execFileSync('node', [script, '--root', root], { encoding: 'utf8' })).toMatch(/no import circle/);
  });

  it('the product code has no import circle', () => {
    expect(execFileSync('node', [script], { encoding: 'utf8' })).toMatch(/no import circle/);
  });
});
