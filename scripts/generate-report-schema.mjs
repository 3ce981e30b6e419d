#!/usr/bin/env node
// Writes protocol/report.schema.json from the TypeBox schema (run `npx tsc -p tsconfig.json` first).
// Usage: node scripts/generate-report-schema.mjs [--check]
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { reportJsonSchemaText } = await import(path.join(root, 'dist/protocol/report-json-schema.js'));
const target = path.join(root, 'protocol/report.schema.json');
const text = reportJsonSchemaText();
if (process.argv.includes('--check')) {
  const current = readFileSync(target, 'utf8');
  if (current !== text) {
    console.error('protocol/report.schema.json is out of date: run node scripts/generate-report-schema.mjs');
    process.exitCode = 1;
  }
} else {
  writeFileSync(target, text);
  console.log('wrote protocol/report.schema.json');
}
