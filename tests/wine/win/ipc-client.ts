/**
 * Run by Windows' Node under Wine, as a second win32 process beside the agent: talks to the
 * agent's named pipes (\\.\pipe\tabula-<hash>[-public]) with the agent's own client, and writes
 * every answer to argv[4] as JSON. argv[2]: the agent's state directory; argv[3]: the staff PIN.
 *
 *   status (patron pipe, then privileged pipe), an idle tick, a wrong PIN, the right PIN, a
 *   preview with the token and without it, then wrong PINs until the lockout answers.
 */
import { writeFileSync } from 'node:fs';
import { callAgent, type RequestBody } from '../../../main/agent/ipc/client.js';
import { ipcAddresses } from '../../../main/agent/ipc/address.js';

const [, , stateDir = '', pin = '', out = ''] = process.argv;
if (process.platform !== 'win32') throw new Error('ipc-client runs on win32');
const answers: Record<string, unknown> = { pipes: ipcAddresses(stateDir) };

const call = async (body: RequestBody, endpoint: 'patron' | 'privileged' = 'patron'): Promise<unknown> => {
  try {
    return await callAgent(stateDir, body, { endpoint, timeoutMs: 60_000 });
  } catch (error) {
    return { thrown: (error as { code?: string }).code ?? String(error) };
  }
};

const until = Date.now() + 120_000;
for (;;) {
  const first = await call({ type: 'status' });
  if ((first as { ok?: boolean }).ok === true || Date.now() > until) {
    answers.statusPatron = first;
    break;
  }
  await new Promise((r) => setTimeout(r, 500));
}
answers.statusPrivileged = await call({ type: 'status' }, 'privileged');
answers.idleTick = await call({ type: 'idleTick', idleMs: 1500 });
answers.pinAt = Date.now(); // wall clock before the first PIN, to compare with a saved lockout
answers.wrongPin = await call({ type: 'staffUnlock', pin: '0000' });
const unlocked = (await call({ type: 'staffUnlock', pin })) as { ok: boolean; result?: { token: string; expiresInSec: number } };
answers.unlock = unlocked.ok
  ? { ok: true, expiresInSec: unlocked.result?.expiresInSec, tokenLength: unlocked.result?.token.length }
  : unlocked;
answers.previewWithoutToken = await call({ type: 'preview' });
if (unlocked.result) answers.preview = await call({ type: 'preview', token: unlocked.result.token });
const wrong: unknown[] = [];
for (let i = 0; i < 6; i++) wrong.push(await call({ type: 'staffUnlock', pin: `99${i}9` }));
answers.wrongPins = wrong;
writeFileSync(out, JSON.stringify(answers, null, 1));
