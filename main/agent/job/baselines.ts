/**
 * Which configured patron accounts have a captured baseline: for `tabula status`, the agent's
 * status and `config check`. Counts and list positions only, never an account name or a path.
 * Accounts that this computer refuses or does not know are not counted (they are not wiped).
 */
import type { Config } from '../config/schema.js';
import type { AccountTargetResolver } from '../config/targets.js';
import { hasBaseline, type ConfigMode } from './scope.js';
import { plural } from '../../../protocol/plural.js';

export interface BaselineState {
  mode: ConfigMode;
  captured: number;
  missing: number;
  /** Positions in `accounts` of the accounts without a baseline (for `/accounts/N` in config check). */
  missingAt: number[];
}

/** The state from known homes (name → home, or null when the account cannot be resolved). */
export function baselineStateOf(config: Config, stateDir: string, homes: ReadonlyMap<string, string | null>): BaselineState {
  const state: BaselineState = { mode: config.mode ?? 'auto', captured: 0, missing: 0, missingAt: [] };
  for (const [i, name] of (config.accounts ?? []).entries()) {
    const home = homes.get(name);
    if (!home) continue;
    if (hasBaseline(stateDir, home)) state.captured++;
    else {
      state.missing++;
      state.missingAt.push(i);
    }
  }
  return state;
}

/** Resolves the homes of the configured accounts not yet in `homes` (null for a refused or unknown one). */
export async function resolveHomes(config: Config, resolve: AccountTargetResolver, homes: Map<string, string | null>): Promise<void> {
  for (const name of config.accounts ?? []) {
    if (homes.has(name)) continue;
    try {
      homes.set(name, (await resolve(name, [])).home);
    } catch {
      homes.set(name, null);
    }
  }
}

/** One call: resolve every configured account, then count. */
export async function baselineState(config: Config, stateDir: string, resolve: AccountTargetResolver): Promise<BaselineState> {
  const homes = new Map<string, string | null>();
  await resolveHomes(config, resolve, homes);
  return baselineStateOf(config, stateDir, homes);
}

/** A line for people (`tabula status`), or undefined when there is nothing to say. */
export function describeBaselines(state: Pick<BaselineState, 'mode' | 'captured' | 'missing'>): string {
  if (state.mode === 'clean') return 'baseline: mode clean, every session end is a catalogue wipe (baselines unused)';
  if (state.missing === 0) return `baseline: captured for ${plural(state.captured, 'patron account')}; session ends reset them`;
  const weaker =
    state.mode === 'reset'
      ? 'their wipes fail with E_BASELINE_MISSING'
      : 'their session ends are catalogue wipes only (weaker than a reset)';
  return `baseline: NONE for ${state.missing} of ${plural(state.missing + state.captured, 'patron account')}: ${weaker}; set the account up, then run \`tabula baseline capture --account NAME\``;
}
