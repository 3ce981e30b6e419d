/** build/linux/pam-tabula: a valid pam-auth-update profile whose session line calls the installed hook. */
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import { buildDir } from './paths.js';

const CONTROLS = new Set(['required', 'requisite', 'sufficient', 'optional', 'include', 'substack']);

/** Parses a pam-auth-update profile: "Field: value" lines, with indented continuation lines. */
function parseProfile(text: string): Map<string, string[]> {
  const fields = new Map<string, string[]>();
  let current: string[] | undefined;
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    if (/^\s/.test(line)) {
      assert.ok(current, 'continuation line before any field');
      current.push(line.trim());
      continue;
    }
    const m = /^([A-Za-z-]+):\s*(.*)$/.exec(line);
    assert.ok(m?.[1], `not a profile field: ${line}`);
    current = m[2] ? [m[2]] : [];
    fields.set(m[1], current);
  }
  return fields;
}

test('pam-auth-update profile fields', async () => {
  const profile = parseProfile(await readFile(join(buildDir, 'linux', 'pam-tabula'), 'utf8'));
  for (const field of ['Name', 'Default', 'Priority', 'Session-Type', 'Session']) assert.ok(profile.has(field), field);
  assert.deepEqual(profile.get('Default'), ['yes']);
  assert.match(profile.get('Priority')?.[0] ?? '', /^\d+$/);
  assert.deepEqual(profile.get('Session-Type'), ['Additional']);
  assert.deepEqual(profile.get('Session-Interactive-Only'), ['yes']);
});

test('the session line: optional pam_exec of the installed hook (never blocks a login)', async () => {
  const profile = parseProfile(await readFile(join(buildDir, 'linux', 'pam-tabula'), 'utf8'));
  const lines = profile.get('Session') ?? [];
  assert.equal(lines.length, 1);
  // As it lands in /etc/pam.d/common-session: "session <control> <module> [args...]".
  const [control, module, ...args] = (lines[0] ?? '').split(/\s+/);
  assert.ok(CONTROLS.has(control ?? ''), `control ${control}`);
  assert.equal(control, 'optional');
  assert.equal(module, 'pam_exec.so');
  const hook = args.find((a) => a.startsWith('/'));
  assert.equal(hook, '/usr/lib/tabula/tabula-pam-hook.sh');
  assert.ok(
    args
      .slice(0, args.indexOf(hook))
      .every((a) => ['quiet', 'seteuid', 'stdout', 'type=close_session', 'type=open_session'].includes(a) || a.startsWith('log=')),
  );
  const postinst = await readFile(join(buildDir, 'linux', 'postinst.sh'), 'utf8');
  assert.ok(
    postinst.includes('usr/lib/tabula') && postinst.includes('tabula-pam-hook.sh'),
    'postinst installs the hook where the line points',
  );
});
