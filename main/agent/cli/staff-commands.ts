/** `tabula staff set-pin`: the staff PIN's hash into the machine configuration file, root-only. */
import { machineConfigFile, systemPolicyReader } from '../config/load.js';
import { writeStaffPinHash } from '../config/staff-pin-file.js';
import { hashPin } from '../service/staff-pin.js';
import { TabulaError } from '../base/errors.js';
import { print, type Context } from './context.js';
import { readNewPin } from './read-pin.js';

async function setPin(ctx: Context): Promise<number> {
  const file = ctx.values.config ?? machineConfigFile();
  // An OS policy that sets the PIN overrides the file: a PIN set here would never apply.
  const policy = await systemPolicyReader()().catch(() => undefined);
  const fromPolicy = policy && typeof policy.value === 'object' && policy.value !== null && 'staffPinHash' in policy.value;
  if (fromPolicy) {
    throw new TabulaError(
      'E_CONFIG',
      `${policy.source} sets staffPinHash and overrides ${file}; change it there (\`tabula config hash-pin\` makes the value)`,
    );
  }
  const pin = await readNewPin();
  await writeStaffPinHash(file, hashPin(pin));
  if (ctx.values.json) print(`${JSON.stringify({ ok: true, file })}\n`);
  else print(`Staff PIN set in ${file} (readable by its owner only). A running agent uses it within seconds.\n`);
  return 0;
}

export async function cmdStaff(ctx: Context): Promise<number> {
  if (ctx.args[0] === 'set-pin' && ctx.args.length === 1) return setPin(ctx);
  throw new TabulaError('E_USAGE', 'staff takes set-pin');
}
