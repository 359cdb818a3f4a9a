#!/usr/bin/env node
// The import graph of the product code (electron/, shared/, renderer/src/) has no circle: run by
// `npm run lint` (and so by `npm test`). Every relative import counts, `import type` included — a
// type-only circle still means two modules that cannot be understood one without the other. An
// equivalent of `madge --circular`, on the TypeScript compiler's own import scanner (no new
// dependency). `node scripts/import-cycles.mjs --graph` prints the module graph by folder instead.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const ROOTS = ['electron', 'shared', 'renderer/src'];
const EXT = /\.(ts|tsx|mts)$/;

function walk(dir, out) {
  for (const name of readdirSync(dir)) {
    const p = path.join(dir, name);
    if (statSync(p).isDirectory()) walk(p, out);
    else if (EXT.test(name) && !name.endsWith('.d.ts')) out.push(p);
  }
  return out;
}

/** The file a relative specifier names: `./x.js` is `./x.ts` or `./x.tsx`, a folder its index. */
function resolve(from, spec) {
  if (!spec.startsWith('.')) return null;
  const base = path.resolve(path.dirname(from), spec);
  const stem = base.replace(/\.(js|jsx|mjs|ts|tsx)$/, '');
  for (const c of [`${stem}.ts`, `${stem}.tsx`, `${stem}.mts`, path.join(base, 'index.ts'), path.join(base, 'index.tsx')]) {
    if (existsSync(c) && statSync(c).isFile()) return c;
  }
  return null;
}

export function importGraph(dirs = ROOTS.map((r) => path.join(root, r))) {
  const files = dirs.flatMap((d) => walk(d, []));
  const graph = new Map();
  for (const f of files) {
    const info = ts.preProcessFile(readFileSync(f, 'utf8'), true, true);
    const deps = new Set();
    for (const imp of info.importedFiles) {
      const to = resolve(f, imp.fileName);
      if (to && to !== f) deps.add(to);
    }
    graph.set(f, [...deps].sort());
  }
  return graph;
}

/** Strongly connected components with more than one file (Tarjan, iterative). */
export function circles(graph) {
  let index = 0;
  const idx = new Map();
  const low = new Map();
  const onStack = new Set();
  const stack = [];
  const out = [];
  for (const start of graph.keys()) {
    if (idx.has(start)) continue;
    const work = [[start, 0]];
    idx.set(start, index);
    low.set(start, index++);
    stack.push(start);
    onStack.add(start);
    while (work.length > 0) {
      const frame = work[work.length - 1];
      const [v, i] = frame;
      const deps = graph.get(v) ?? [];
      if (i < deps.length) {
        frame[1] = i + 1;
        const w = deps[i];
        if (!graph.has(w)) continue;
        if (!idx.has(w)) {
          idx.set(w, index);
          low.set(w, index++);
          stack.push(w);
          onStack.add(w);
          work.push([w, 0]);
        } else if (onStack.has(w)) {
          low.set(v, Math.min(low.get(v), idx.get(w)));
        }
        continue;
      }
      work.pop();
      if (work.length > 0) {
        const parent = work[work.length - 1][0];
        low.set(parent, Math.min(low.get(parent), low.get(v)));
      }
      if (low.get(v) === idx.get(v)) {
        const comp = [];
        let w;
        do {
          w = stack.pop();
          onStack.delete(w);
          comp.push(w);
        } while (w !== v);
        if (comp.length > 1) out.push(comp.sort());
      }
    }
  }
  return out;
}

/** One concrete circle inside a component, for the message: a → b → … → a. */
function oneCircle(graph, comp) {
  const inComp = new Set(comp);
  const start = comp[0];
  const prev = new Map([[start, null]]);
  const queue = [start];
  while (queue.length > 0) {
    const v = queue.shift();
    for (const w of graph.get(v) ?? []) {
      if (!inComp.has(w)) continue;
      if (w === start) {
        const pathBack = [v];
        let p = prev.get(v);
        while (p) {
          pathBack.push(p);
          p = prev.get(p);
        }
        return [...pathBack.reverse(), start];
      }
      if (!prev.has(w)) {
        prev.set(w, v);
        queue.push(w);
      }
    }
  }
  return comp;
}

const rel = (f) => path.relative(root, f);

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  // --root DIR: check that folder instead of the product code (the script's own test uses it)
  const at = process.argv.indexOf('--root');
  const graph = at > 0 && process.argv[at + 1] ? importGraph([path.resolve(process.argv[at + 1])]) : importGraph();
  if (process.argv.includes('--graph')) {
    const folder = (f) => path.dirname(rel(f));
    const edges = new Map();
    for (const [f, deps] of graph) {
      for (const d of deps) {
        if (folder(d) === folder(f)) continue;
        const k = `${folder(f)} → ${folder(d)}`;
        edges.set(k, (edges.get(k) ?? 0) + 1);
      }
    }
    for (const [k, n] of [...edges].sort()) console.log(`${k}  (${n})`);
    process.exit(0);
  }
  const found = circles(graph);
  if (found.length === 0) {
    console.log(`import-cycles: ${graph.size} modules, no import circle.`);
    process.exit(0);
  }
  console.error(`import-cycles: ${found.length} import circle(s) in ${graph.size} modules:`);
  for (const comp of found) {
    console.error(`\n  ${comp.length} files: ${comp.map(rel).join(', ')}`);
    console.error(`  e.g. ${oneCircle(graph, comp).map(rel).join(' → ')}`);
  }
  console.error('\nMove what both sides need into a module of its own (see design.md, "Layout").');
  process.exit(1);
}
