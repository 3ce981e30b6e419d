/**
 * plan(): what a wipe would remove, as top-level items found by lstat. Cheap (no deep walk), so
 * a wipe can make everything unreachable within milliseconds; sizes are measured afterwards.
 * `planPaced()` is the same walk giving the event loop a turn every few ms (the agent uses it,
 * so a home with 20,000 downloads does not stop its local channel from answering).
 */
import { lstatSync, type Stats } from 'node:fs';
import path from 'node:path';
import type { CategoryId } from '../../../../protocol/categories.js';
import type { Area, CatalogEntry, Location } from '../../catalog/schema.js';
import { makeBaseResolver } from './bases.js';
import { loadBaseline } from '../baseline.js';
import { defaultFileAccess, planReset, type FileAccess } from './reset-planner.js';
import { addItem, classifyRoot, isMountPoint, type ClassifyContext } from './classify.js';
import { joinRaw, listDir, rawKey } from '../fs/names.js';
import { Lookups, resolveSegments } from './segments.js';
import { isGraveyard } from '../execute/graveyard.js';
import { mountPoints } from '../fs/mounts.js';
import { isSharedTemp, knownHomes, pinRoot, type PinnedRoot } from './roots.js';
import { TabulaError } from '../../base/errors.js';
import { isSweptOwnedRoot } from './owned-roots.js';
import { leaveNamesOf } from './home-template.js';
import { runPaced, runSync, type Pacer, type Steps } from '../pace.js';
import type { Plan, PlanItem, PlanProblem, Selection, Target, WholeFolder } from '../types.js';

export interface PlanEnvironment {
  catalog: readonly CatalogEntry[];
  mounts?: readonly string[];
  knownHomes?: readonly string[];
  /** How reset mode reads and probes the home's files (tests inject a locked file or hive). */
  files?: FileAccess;
}

function* planTarget(target: Target, selection: Selection, env: Required<PlanEnvironment>, plan: Plan): Steps<void> {
  const ci = selection.platform !== 'linux';
  const rootCtx = { stateDir: selection.stateDir, knownHomes: env.knownHomes };
  const home = pinRoot(target.home, 'home', { ...rootCtx, uid: target.uid });
  addRoot(plan, home);
  const uid = target.uid ?? home.uid;
  const bases = makeBaseResolver({ ...target, home: home.path }, selection.platform, plan.problems);
  const wanted = (c: CategoryId) => !selection.categories || selection.categories.includes(c);
  const claimed = new Set<string>();
  const lookups = new Lookups();
  const extraRoots = new Map<string, PinnedRoot | null>();
  // Extra roots must not lie in another home: the other targets' homes count as known homes too.
  const extraCtx = { ...rootCtx, knownHomes: [...env.knownHomes, ...selection.targets.map((t) => t.home)], ownHome: home.path };

  const reset = (target.mode ?? selection.mode) === 'reset';
  const wholeFolders: WholeFolder[] = [];
  let leaveNames: Set<string> | undefined;
  const makeCtx = (entry: string, area: Area, root: PinnedRoot): ClassifyContext => ({
    entry,
    area,
    root,
    caseInsensitive: ci,
    mounts: env.mounts,
    isOwnEntry: (dir, name, st) => dir === root.path && isGraveyard(name, st),
    items: [],
    problems: plan.problems,
    platform: selection.platform,
    ...(reset ? {} : { wholeFolders }),
    // [home-template] The home-root sweep leaves the account template and the user folders alone.
    ...(area.leaveTemplate ? { leaveNames: (leaveNames ??= leaveNamesOf(selection.platform, bases, selection.homeKeep)) } : {}),
  });

  /**
   * An extra root (outside the home) pinned once. A missing one holds nothing to wipe; a refused
   * one (a link on its path, inside another home) is a problem of its categories, and the rest of
   * the home is still wiped: a patron's planted link must not keep their whole home from a wipe.
   */
  const refusedExtras = new Set<string>();
  const pinExtra = (absolute: string): PinnedRoot | null => {
    let extra = extraRoots.get(absolute);
    if (extra !== undefined) return extra;
    try {
      extra = pinRoot(absolute, 'extra', extraCtx);
      addRoot(plan, extra);
    } catch (error) {
      if (!(error instanceof TabulaError) || (error.code !== 'E_ROOT_MISSING' && error.code !== 'E_ROOT_REFUSED')) throw error;
      if (error.code === 'E_ROOT_REFUSED') refusedExtras.add(absolute);
      extra = null;
    }
    extraRoots.set(absolute, extra);
    return extra;
  };

  function* visitLocation(entry: CatalogEntry, area: Area, location: Location): Steps<void> {
    const base = bases(location.base);
    if (!base) return;
    const fallback: CategoryId = area.residual ?? area.rules[0]?.category ?? 'site-data';
    let start: PinnedRoot;
    let segments: string[];
    if ('inHome' in base) {
      start = home;
      segments = [...base.inHome, ...location.path];
    } else {
      const extra = pinExtra(base.absolute);
      if (extra === null) {
        if (refusedExtras.has(base.absolute)) plan.problems.push({ category: fallback, code: 'E_ROOT_REFUSED' });
        return;
      }
      start = extra;
      segments = location.path;
    }
    for (const found of yield* resolveSegments(start, segments, ci, env.mounts, plan.problems, fallback, lookups)) {
      const ctx = makeCtx(entry.id, area, start);
      if (segments.length > 0 && !found.stat.isDirectory()) {
        if (area.residual) addItem(ctx, found.path, found.raw, found.stat, found.parent, area.residual);
      } else if (found.stat.dev !== start.dev || (found.path !== start.path && isMountPoint(found.path, env.mounts))) {
        plan.problems.push({ category: fallback, code: 'E_MOUNT' }); // e.g. a bind mount as Downloads: never emptied
      } else {
        yield* classifyRoot(found.path, found.raw, found.stat, ctx);
      }
      for (const item of ctx.items) {
        const key = rawKey(item.raw);
        if (!wanted(item.category) || isClaimed(key)) continue;
        claimed.add(key);
        plan.items.push(item);
      }
    }
  }

  const isClaimed = (p: string) => {
    for (let cur = p; ;) {
      if (claimed.has(cur)) return true;
      const up = path.dirname(cur);
      if (up === cur) return false;
      cur = up;
    }
  };

  const cleanStart = plan.items.length;
  for (const entry of env.catalog) {
    for (const area of entry.areas) {
      for (const location of area.roots[selection.platform] ?? []) yield* visitLocation(entry, area, location);
    }
  }
  confirmWhole(wholeFolders, plan, cleanStart);
  if (reset) {
    const baseline = loadBaseline(selection.stateDir, home.path);
    const catalogued = new Map<string, CategoryId>();
    for (const item of plan.items.splice(cleanStart)) {
      if (item.root === home.path) catalogued.set(rawKey(item.raw), item.category);
      else plan.items.push(item); // catalogued roots outside the home (Recycle Bin) are wiped as in clean mode
    }
    plan.baselines.set(home.path, baseline);
    const problems: PlanProblem[] = [];
    const restored = yield* planReset({
      home,
      baseline,
      catalogued,
      mounts: env.mounts,
      platform: selection.platform,
      problems,
      files: env.files,
    });
    for (const item of restored) if (wanted(item.category)) plan.items.push(item);
    for (const problem of problems) if (wanted(problem.category)) plan.problems.push(problem);
  }

  if (wanted('temp')) {
    for (const tempDir of target.tempRoots) yield* planTemp(tempDir, uid, rootCtx, env, plan);
    // [outside] Owner-swept folders that may be absent (owned-roots.ts decides which).
    for (const owned of target.ownedRoots ?? []) {
      if (isSweptOwnedRoot(owned)) yield* planTemp(owned.path, uid, rootCtx, env, plan);
    }
  }
}

/**
 * The candidate folders all of whose entries are still items of this target's plan (none filtered
 * out by category or claimed by another entry) and that are no item themselves.
 */
function confirmWhole(candidates: readonly WholeFolder[], plan: Plan, from: number): void {
  if (candidates.length === 0) return;
  const id = (dev: number, ino: number) => `${dev}:${ino}`;
  const inFolder = new Map<string, number>();
  const items = new Set<string>();
  for (const item of plan.items.slice(from)) {
    const key = id(item.parentDev, item.parentIno);
    inFolder.set(key, (inFolder.get(key) ?? 0) + 1);
    items.add(id(item.dev, item.ino));
  }
  for (const folder of candidates) {
    const key = id(folder.dev, folder.ino);
    if (inFolder.get(key) === folder.entries && !items.has(key)) (plan.whole ??= []).push(folder);
  }
}

/** Shared temp folders: only top-level entries owned by the patron's uid. */
function* planTemp(
  tempDir: string,
  uid: number,
  rootCtx: Parameters<typeof pinRoot>[2],
  env: Required<PlanEnvironment>,
  plan: Plan,
): Steps<void> {
  if (process.platform === 'win32') {
    // Windows: Node's stat has no owner (uid is always 0), so "entries owned by the patron"
    // would be every entry of every account. Not swept, and said so (found by tests/wine).
    plan.problems.push({ category: 'temp', code: 'E_UNSUPPORTED' });
    return;
  }
  const root = pinRoot(tempDir, 'temp', rootCtx);
  if (uid === 0 && isSharedTemp(root.path)) {
    throw new TabulaError('E_ACCOUNT_REFUSED', 'uid 0 cannot be swept from a shared temp folder');
  }
  const rootStat = lstatSync(root.path);
  const items: PlanItem[] = [];
  const ctx: ClassifyContext = {
    entry: 'temp',
    area: { roots: {}, rules: [], keep: [], residual: 'temp' },
    root,
    caseInsensitive: false,
    mounts: env.mounts,
    isOwnEntry: () => false,
    items,
    problems: plan.problems,
  };
  for (const { name, raw: rawName } of listDir(root.path)) {
    yield;
    const p = path.join(root.path, name);
    const raw = joinRaw(Buffer.from(root.path), rawName);
    let st: Stats;
    try {
      st = lstatSync(raw);
    } catch {
      continue;
    }
    if (st.uid !== uid || isGraveyard(name, st)) continue;
    // Never sweep an entry that holds the state directory or a patron home (`--temp` above `--home`).
    const protectedPaths = [path.resolve(rootCtx.stateDir), ...plan.roots];
    if (protectedPaths.some((q) => q === p || q.startsWith(p + path.sep))) continue;
    addItem(ctx, p, raw, st, rootStat, 'temp');
  }
  plan.items.push(...items);
  addRoot(plan, root);
}

/** A pinned root of the plan: its graveyards are reaped, and the executor re-opens it by identity. */
function addRoot(plan: Plan, root: PinnedRoot): void {
  plan.roots.push(root.path);
  plan.rootIds.set(root.path, { dev: root.dev, ino: root.ino });
}

function* planSteps(selection: Selection, environment: PlanEnvironment): Steps<Plan> {
  const env: Required<PlanEnvironment> = {
    catalog: environment.catalog,
    mounts: environment.mounts ?? mountPoints(),
    knownHomes: environment.knownHomes ?? knownHomes(),
    files: environment.files ?? defaultFileAccess(),
  };
  const result: Plan = { selection, items: [], problems: [], baselines: new Map(), roots: [], rootIds: new Map() };
  for (const target of selection.targets) {
    result.problems.push(...(target.problems ?? []));
    yield* planTarget(target, selection, env, result);
  }
  return result;
}

export function plan(selection: Selection, environment: PlanEnvironment): Plan {
  return runSync(planSteps(selection, environment));
}

/** The same plan, giving the event loop a turn whenever `pacer`'s slice is used up. */
export function planPaced(selection: Selection, environment: PlanEnvironment, pacer?: Pacer): Promise<Plan> {
  return runPaced(planSteps(selection, environment), pacer);
}
