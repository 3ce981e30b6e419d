/**
 * The declared `engines.node` is true: every runtime dependency in package-lock.json accepts the
 * lowest Node our package.json allows (npm ci would print EBADENGINE otherwise). cookie@2 and
 * content-disposition@3 ask for Node ≥ 22; package.json `overrides` pins the Node 18+ releases.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');
const semver = createRequire(import.meta.url)('semver') as {
  minVersion(range: string): { version: string } | null;
  satisfies(version: string, range: string): boolean;
};

interface LockEntry {
  dev?: boolean;
  optional?: boolean;
  engines?: { node?: string } | string[];
  version?: string;
}

test('every runtime dependency supports the lowest Node of engines.node', () => {
  const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { engines: { node: string } };
  const lowest = semver.minVersion(pkg.engines.node)?.version;
  assert.ok(lowest, 'package.json engines.node is a range');
  const lock = JSON.parse(readFileSync(path.join(root, 'package-lock.json'), 'utf8')) as { packages: Record<string, LockEntry> };
  const runtime = Object.entries(lock.packages).filter(([name, e]) => name !== '' && !e.dev);
  assert.ok(
    runtime.some(([name]) => name.endsWith('node_modules/cookie')),
    'cookie is a runtime dependency (via @fastify/cookie)',
  );
  const refused = runtime.flatMap(([name, e]) => {
    const node = Array.isArray(e.engines) ? undefined : e.engines?.node;
    return node !== undefined && !semver.satisfies(lowest, node) ? [`${name}@${e.version ?? '?'} wants node ${node}`] : [];
  });
  assert.deepEqual(refused, [], `runtime dependencies that refuse Node ${lowest}`);
});
