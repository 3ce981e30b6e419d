/**
 * Run by Windows' Node under Wine, for the benchmark: deletes every path listed (one a line) in
 * argv[2] with fs.rmSync({ recursive, force }) — the plain win32 baseline — and writes the
 * in-process time to argv[3] as JSON ({ ms, paths }).
 */
import { readFileSync, rmSync, writeFileSync } from 'node:fs';

const [, , list = '', out = ''] = process.argv;
const paths = readFileSync(list, 'utf8').split(/\r?\n/).filter(Boolean);
const start = performance.now();
for (const p of paths) rmSync(p, { recursive: true, force: true, maxRetries: 5 });
writeFileSync(out, JSON.stringify({ ms: Math.round(performance.now() - start), paths: paths.length }));
