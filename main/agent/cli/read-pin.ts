/**
 * Reads a new staff PIN: from a terminal, asked twice without echo; otherwise from stdin (one
 * line). Never from the command line, where it would show in `ps` and the shell history.
 */
import { readFileSync } from 'node:fs';
import { STAFF_PIN_RULE } from '../../../protocol/ipc.js';
import { TabulaError } from '../base/errors.js';

function askHidden(question: string): Promise<string> {
  const stdin = process.stdin;
  // Echo off before the question shows, so that nothing typed after it is ever displayed.
  stdin.setRawMode(true);
  stdin.setEncoding('utf8');
  stdin.resume();
  process.stderr.write(question);
  return new Promise((resolve, reject) => {
    let value = '';
    const finish = (): void => {
      stdin.off('data', onData);
      stdin.setRawMode(false);
      stdin.pause();
      process.stderr.write('\n');
    };
    const onData = (chunk: string): void => {
      for (const ch of chunk) {
        if (ch === '\r' || ch === '\n') {
          finish();
          resolve(value);
          return;
        }
        if (ch === '\u0003' || ch === '\u0004') {
          finish();
          reject(new TabulaError('E_USAGE', 'cancelled; the PIN was not changed'));
          return;
        }
        value = ch === '\u007f' || ch === '\b' ? value.slice(0, -1) : value + ch;
      }
    };
    stdin.on('data', onData);
  });
}

export async function readNewPin(): Promise<string> {
  let pin: string;
  if (process.stdin.isTTY) {
    pin = await askHidden('New staff PIN (not shown): ');
    if (STAFF_PIN_RULE.test(pin) && (await askHidden('The same PIN again: ')) !== pin) {
      throw new TabulaError('E_USAGE', 'the two PINs differ; nothing was changed');
    }
  } else {
    pin = readFileSync(0, 'utf8').replace(/\r?\n$/, '');
  }
  if (!STAFF_PIN_RULE.test(pin)) throw new TabulaError('E_USAGE', 'the PIN must be 4 to 64 characters without spaces');
  return pin;
}
