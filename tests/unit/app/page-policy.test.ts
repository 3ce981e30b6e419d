import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import { contentSecurityPolicy, securityHeaders } from '../../../main/app/csp.js';
import { assetFor, isAllowedNavigation, pageUrl, permissionDecision, windowOpenDecision } from '../../../main/app/navigation-policy.js';
import { securePreferences } from '../../../main/app/window-options.js';

test('CSP: own origin only, no inline code, no eval, no network, no frames', () => {
  const csp = contentSecurityPolicy();
  assert.match(csp, /^default-src 'none'; script-src 'self'; style-src 'self';/);
  for (const d of ["connect-src 'none'", "object-src 'none'", "base-uri 'none'", "form-action 'none'", "frame-ancestors 'none'"])
    assert.ok(csp.includes(d), d);
  assert.doesNotMatch(csp, /unsafe|\*|data:|https?:/);
  assert.equal(securityHeaders()['Content-Security-Policy'], csp);
});

test('navigation: only the same app:// page; never a new window or a permission', () => {
  const staff = pageUrl('staff');
  assert.equal(staff, 'app://tabula/staff.html');
  assert.equal(isAllowedNavigation(`${staff}#results`, staff), true);
  for (const to of [
    'https://example.com/',
    'file:///etc/passwd',
    'app://tabula/notice.html',
    'app://other/staff.html',
    'javascript:alert(1)',
    'nonsense',
  ]) {
    assert.equal(isAllowedNavigation(to, staff), false, to);
  }
  assert.deepEqual(windowOpenDecision(), { action: 'deny' });
  assert.equal(permissionDecision('media'), false);
});

test('app:// serves flat names from the two roots and nothing else', () => {
  const roots = { pages: '/opt/t/renderer', scripts: '/opt/t/dist/renderer/renderer' };
  assert.deepEqual(assetFor('app://tabula/staff.html', roots), {
    file: path.join(roots.pages, 'staff.html'),
    mime: 'text/html; charset=utf-8',
  });
  assert.deepEqual(assetFor('app://tabula/staff.js?v=1', roots), {
    file: path.join(roots.scripts, 'staff.js'),
    mime: 'text/javascript; charset=utf-8',
  });
  for (const bad of [
    'app://tabula/../package.json',
    'app://tabula/%2e%2e%2fsecret.js',
    'app://tabula/sub/x.js',
    'app://tabula/x.ts',
    'app://tabula/',
    'app://other/staff.html',
    'file:///staff.html',
    'app://tabula/%E0%A4%A.js',
    'app://tabula/.hidden.js',
  ]) {
    assert.equal(assetFor(bad, roots), undefined, bad);
  }
});

test('windows: context isolation, sandbox, no Node, no webview', () => {
  const p = securePreferences('/opt/t/dist/app/preload.cjs');
  assert.equal(p.contextIsolation, true);
  assert.equal(p.sandbox, true);
  assert.equal(p.nodeIntegration, false);
  assert.equal(p.nodeIntegrationInSubFrames, false);
  assert.equal(p.webviewTag, false);
  assert.equal(p.webSecurity, true);
  assert.equal(p.allowRunningInsecureContent, false);
});
