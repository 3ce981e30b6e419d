/** build/windows/*.xml: well-formed Task Scheduler definitions with the expected triggers and principal. */
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import { buildDir } from './paths.js';
import { children, find, parseXml, type XmlElement } from './xml.js';

const TASK_NS = 'http://schemas.microsoft.com/windows/2004/02/mit/task';
const load = async (name: string) => parseXml(await readFile(join(buildDir, 'windows', name), 'utf8'));

function assertSystemTask(task: XmlElement): void {
  assert.equal(task.name, 'Task');
  assert.equal(task.attributes.xmlns, TASK_NS);
  assert.ok(Number(task.attributes.version) >= 1.2);
  const principal = find(task, 'Principals/Principal');
  assert.equal(find(task, 'Principals/Principal/UserId')?.text, 'S-1-5-18', 'runs as SYSTEM');
  assert.equal(find(task, 'Principals/Principal/RunLevel')?.text, 'HighestAvailable');
  assert.equal(find(task, 'Actions')?.attributes.Context, principal?.attributes.id);
  assert.equal(find(task, 'Settings/DisallowStartIfOnBatteries')?.text, 'false');
  assert.equal(find(task, 'Settings/StopIfGoingOnBatteries')?.text, 'false');
}

test('the parser rejects malformed XML', () => {
  assert.throws(() => parseXml('<Task><Triggers></Task>'), /does not close/);
  assert.throws(() => parseXml('<Task a=1/>'), /bad attribute/);
  assert.throws(() => parseXml('<Task>&nbsp;</Task>'), /unknown entity/);
  assert.throws(() => parseXml('<Task/><Task/>'), /more than one root/);
});

test('logoff task: SYSTEM, event triggers on User Profile Service 4 and Security 4647, SID passed to the action', async () => {
  const task = await load('tabula-logoff-task.xml');
  assertSystemTask(task);
  const triggers = children(find(task, 'Triggers') as XmlElement, 'EventTrigger');
  assert.equal(triggers.length, 2);
  const queries = triggers.map((trigger) => {
    // The subscription is an escaped QueryList document: it must be well-formed XML too.
    const list = parseXml(find(trigger, 'Subscription')?.text ?? '');
    const select = find(list, 'Query/Select');
    const values = children(find(trigger, 'ValueQueries') as XmlElement, 'Value');
    assert.deepEqual(
      values.map((v) => v.attributes.name),
      ['Sid'],
    );
    return { path: select?.attributes.Path, select: select?.text, sid: values[0]?.text };
  });
  assert.deepEqual(queries, [
    { path: 'Microsoft-Windows-User Profile Service/Operational', select: '*[System[EventID=4]]', sid: 'Event/System/Security/@UserID' },
    {
      path: 'Security',
      select: "*[System[Provider[@Name='Microsoft-Windows-Security-Auditing'] and EventID=4647]]",
      sid: "Event/EventData/Data[@Name='TargetUserSid']",
    },
  ]);
  assert.equal(find(task, 'Settings/MultipleInstancesPolicy')?.text, 'Queue', 'two logoffs in a row both run');
  const exec = find(task, 'Actions/Exec');
  assert.match(exec?.children.find((c) => c.name === 'Command')?.text ?? '', /powershell\.exe$/i);
  const args = find(task, 'Actions/Exec/Arguments')?.text ?? '';
  assert.match(args, /-File "[^"]*\\tabula-logoff\.ps1" -Sid "\$\(Sid\)"$/);
});

test('agent task: SYSTEM at boot, no time limit, restarted on failure', async () => {
  const task = await load('tabula-agent-task.xml');
  assertSystemTask(task);
  assert.ok(find(task, 'Triggers/BootTrigger'));
  assert.equal(find(task, 'Settings/ExecutionTimeLimit')?.text, 'PT0S');
  assert.ok(Number(find(task, 'Settings/RestartOnFailure/Count')?.text) > 0);
  assert.match(find(task, 'Actions/Exec/Arguments')?.text ?? '', /cli\.js" agent /);
});

test('app task: every member of Users at logon, unprivileged, no time limit, started again within a minute after a kill', async () => {
  const task = await load('tabula-app-task.xml');
  assert.equal(task.attributes.xmlns, TASK_NS);
  assert.equal(find(task, 'Principals/Principal/GroupId')?.text, 'S-1-5-32-545', 'BUILTIN\\Users, any language');
  assert.equal(find(task, 'Principals/Principal/UserId'), undefined);
  assert.equal(find(task, 'Principals/Principal/RunLevel')?.text, 'LeastPrivilege');
  assert.equal(find(task, 'Actions')?.attributes.Context, find(task, 'Principals/Principal')?.attributes.id);
  const logon = find(task, 'Triggers/LogonTrigger');
  assert.ok(logon);
  assert.equal(find(logon, 'UserId'), undefined, 'any user, not one account');
  assert.equal(find(logon, 'Repetition/Interval')?.text, 'PT1M');
  assert.equal(find(logon, 'Repetition/Duration'), undefined, 'repeats for the whole session');
  assert.equal(find(task, 'Settings/MultipleInstancesPolicy')?.text, 'IgnoreNew', 'a running app is not started twice');
  assert.equal(find(task, 'Settings/ExecutionTimeLimit')?.text, 'PT0S');
  assert.equal(find(task, 'Settings/DisallowStartIfOnBatteries')?.text, 'false');
  assert.equal(find(task, 'Actions/Exec/Command')?.text, '"%ProgramFiles%\\Tabula\\Tabula.exe"');
  assert.equal(find(task, 'Actions/Exec/Arguments'), undefined, 'the app, not the agent CLI');
});

test('install-tasks.ps1 registers and unregisters every task; the logoff script passes only the account on', async () => {
  const install = await readFile(join(buildDir, 'windows', 'install-tasks.ps1'), 'utf8');
  for (const needle of [
    'Register-ScheduledTask',
    'Unregister-ScheduledTask',
    'tabula-agent-task.xml',
    'tabula-logoff-task.xml',
    'tabula-app-task.xml',
    '[switch]$Uninstall',
  ]) {
    assert.ok(install.includes(needle), needle);
  }
  const logoff = await readFile(join(buildDir, 'windows', 'tabula-logoff.ps1'), 'utf8');
  assert.match(logoff, /session end --account \$name/);
  assert.match(logoff, /\^S-1-5-21-/, 'service and system SIDs are ignored');
  assert.ok(!/Write-(Host|Output)/.test(logoff), 'prints nothing about the account');
});
