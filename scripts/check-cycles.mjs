#!/usr/bin/env node
// Fails when our TypeScript sources import each other in a circle (static or dynamic `import()`),
// which the floor rules of eslint.config.js cannot see inside one folder. Part of `npm run lint`.
//
//   node scripts/check-cycles.mjs [folder ...]      (default: main protocol dashboard renderer)
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

const roots = process.argv.slice(2).length ? process.argv.slice(2) : ['main', 'protocol', 'dashboard', 'renderer'];
const IMPORT = /(?:^|[\s;])(?:import|export)\s[^'"]*?from\s+'(\.[^']+)'|import\(\s*'(\.[^']+)'\s*\)/g;

function sources(dir, out = []) {
  for (const name of readdirSync(dir)) {
    const p = path.join(dir, name);
    if (statSync(p).isDirectory()) sources(p, out);
    else if (/\.m?ts$/.test(name) && !name.endsWith('.d.ts')) out.push(path.normalize(p));
  }
  return out;
}

/** file → the files it imports (`.js` specifiers name `.ts` sources, `.mjs` ones `.mts`). */
export function importGraph(files) {
  const graph = new Map();
  for (const file of files) {
    const deps = new Set();
    for (const m of readFileSync(file, 'utf8').matchAll(IMPORT)) {
      const spec = (m[1] ?? m[2]).replace(/\.js$/, '.ts').replace(/\.mjs$/, '.mts');
      deps.add(path.normalize(path.join(path.dirname(file), spec)));
    }
    graph.set(
      file,
      [...deps].filter((d) => d !== file),
    );
  }
  return graph;
}

/** The strongly connected components of more than one file (Tarjan). */
export function cycles(graph) {
  let next = 0;
  const index = new Map(),
    low = new Map(),
    stack = [],
    onStack = new Set(),
    found = [];
  const visit = (v) => {
    index.set(v, next);
    low.set(v, next);
    next++;
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!graph.has(w)) continue;
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v), low.get(w)));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v), index.get(w)));
    }
    if (low.get(v) === index.get(v)) {
      const component = [];
      let w;
      do {
        w = stack.pop();
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      if (component.length > 1) found.push(component.sort());
    }
  };
  for (const v of graph.keys()) if (!index.has(v)) visit(v);
  return found;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const found = cycles(importGraph(roots.flatMap((r) => sources(r))));
  for (const c of found) console.error(`import cycle: ${c.join(' ↔ ')}`);
  if (found.length) {
    console.error(
      `\n${found.length} import cycle(s): move what both sides need into a module below them (docs/architecture.md, "The agent's floors").`,
    );
    process.exit(1);
  }
}
