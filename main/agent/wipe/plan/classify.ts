/**
 * Classifies the contents of one area root into plan items, walking with lstat only: a link is
 * an item (unlinked, never followed), a folder on another filesystem is a problem, never entered.
 */
import { lstatSync, readdirSync, type Stats } from 'node:fs';
import { joinRaw, listDir } from '../fs/names.js';
import path from 'node:path';
import type { CategoryId } from '../../../../protocol/categories.js';
import type { Area, Platform, Rule } from '../../catalog/schema.js';
import { keepHolds, type KeepKind } from './keep-check.js';
import type { Steps } from '../pace.js';
import { isPatternPrefix, matchPath } from './pattern.js';
import type { PlanItem, PlanProblem, WholeFolder } from '../types.js';
import type { PinnedRoot } from './roots.js';
import { profileMatcher, profilesFromIni } from './profiles-ini.js';
import { someStartsWith, sortedPaths } from '../fs/sorted-paths.js';

export interface ClassifyContext {
  entry: string;
  area: Area;
  root: PinnedRoot;
  caseInsensitive: boolean;
  /** Mount points on this computer; an item containing one is refused. */
  mounts: readonly string[];
  /** Names at the top of a root that Tabula owns (its graveyards). */
  isOwnEntry: (dir: string, name: string, st: Stats) => boolean;
  items: PlanItem[];
  problems: PlanProblem[];
  /** [keep-check] The platform whose rules decide what a kept name may be (default: linux). */
  platform?: Platform;
  /** [home-template] Names at the root left alone besides `area.leave` (template, user folders, homeKeep). */
  leaveNames?: ReadonlySet<string>;
  /** Clean mode: where profile folders whose every entry became an item go (the planner confirms them). */
  wholeFolders?: WholeFolder[];
}

export function itemType(st: Stats): PlanItem['type'] {
  if (st.isSymbolicLink()) return 'link';
  if (st.isDirectory()) return 'dir';
  if (st.isFile()) return 'file';
  return 'other';
}

/** Whether the folder `p` is a mount point or holds one (a bind mount of the same disk has the same st_dev). */
export function containsMount(p: string, mounts: readonly string[]): boolean {
  const prefix = p.endsWith(path.sep) ? p : p + path.sep;
  return mounts.includes(p) || someStartsWith(sortedPaths(mounts), prefix);
}

/** Whether `p` (a folder) is a mount point itself: never entered. */
export const isMountPoint = (p: string, mounts: readonly string[]): boolean => mounts.includes(p);

/** `keptName`: the entry has a kept name but is not what its writer makes (keep-check.ts). */
export function addItem(
  ctx: ClassifyContext,
  p: string,
  raw: Buffer,
  st: Stats,
  parent: Stats,
  category: CategoryId,
  keptName = false,
): void {
  if (st.dev !== ctx.root.dev || (st.isDirectory() && containsMount(p, ctx.mounts))) {
    ctx.problems.push({ category, code: 'E_MOUNT' });
    return;
  }
  ctx.items.push({
    path: p,
    raw,
    entry: ctx.entry,
    category,
    type: itemType(st),
    dev: st.dev,
    ino: st.ino,
    parentDev: parent.dev,
    parentIno: parent.ino,
    root: ctx.root.path,
    ...(keptName ? { keptName: true } : {}),
  });
}

interface Scope {
  /** Path segments from the scope's base (area root or profile folder) to the current folder. */
  rel: string[];
  profile: boolean;
}

/** Yields after each entry looked at, so a paced run can give the event loop a turn there. */
export function* classifyRoot(dir: string, dirRaw: Buffer, dirStat: Stats, ctx: ClassifyContext): Steps<void> {
  const { area, caseInsensitive: ci } = ctx;
  const listed = area.profiles?.profilesIni ? profilesFromIni(dir, area.residual ?? 'site-data', ctx.problems, ctx.root) : [];
  const profiles = profileMatcher(area.profiles?.dirs ?? [], listed, ci);
  const inProfiles = !!area.profiles;
  const rootRules: Rule[] = inProfiles ? (area.rootRules ?? []) : [...area.rules, ...(area.rootRules ?? [])];
  const profileRules = area.rules;
  const startAsProfile = area.profiles?.root === true;
  yield* walk(dir, dirRaw, dirStat, { rel: [], profile: startAsProfile }, []);

  /** `holder`: the stat of the folder holding a profile folder found by name (it may then be moved whole). */
  function* walk(current: string, currentRaw: Buffer, currentStat: Stats, scope: Scope, rootRel: string[], holder?: Stats): Steps<void> {
    let entries;
    try {
      entries = listDir(currentRaw);
    } catch (error) {
      ctx.problems.push({
        category: area.residual ?? 'site-data',
        code: (error as { code?: string }).code === 'EACCES' ? 'E_PERM' : 'E_IO',
      });
      return;
    }
    // A profile folder is whole when each entry became exactly one item: every branch but the two
    // that walk deeper adds at most one item per entry, so the count tells once those are excluded.
    let walkedDeeper = false;
    const itemsBefore = ctx.items.length;
    for (const { name, raw: rawName } of entries) {
      yield;
      const p = path.join(current, name);
      const raw = joinRaw(currentRaw, rawName);
      let st: Stats;
      try {
        st = lstatSync(raw);
      } catch (error) {
        // Vanished since readdir, or a name this system lists but cannot address (Windows: a
        // trailing dot or space, ':' '?' '*' from a copied tree or WSL): never a silent "clean".
        if (!vanished(error, currentRaw, rawName)) ctx.problems.push({ category: area.residual ?? 'site-data', code: 'E_IO' });
        continue;
      }
      if (rootRel.length === 0 && ctx.isOwnEntry(current, name, st)) continue;
      const rel = [...scope.rel, name];
      const fromRoot = [...rootRel, name];
      if (
        rootRel.length === 0 &&
        (ctx.leaveNames?.has(ci ? name.toLowerCase() : name) || (area.leave ?? []).some((k) => matchPath(k, fromRoot, ci)))
      )
        continue;
      // [keep-check] A kept name survives only as what its writer makes; anything else under it goes.
      const keptAs: KeepKind | undefined = area.keep.some((k) => matchPath(k, rel, ci) || matchPath(k, fromRoot, ci))
        ? 'plain'
        : (area.keepManaged ?? []).some((k) => matchPath(k, rel, ci) || matchPath(k, fromRoot, ci))
          ? 'managed'
          : undefined;
      if (keptAs) {
        if (!keepHolds(keptAs, p, name, st, ctx.platform ?? 'linux'))
          addItem(ctx, p, raw, st, currentStat, area.residual ?? area.rules[0]?.category ?? 'site-data', true);
        continue;
      }
      const realDir = st.isDirectory() && st.dev === ctx.root.dev && !isMountPoint(p, ctx.mounts);
      // Profiles are looked for outside profiles, and inside a root that is itself a profile.
      const seekProfiles = !scope.profile || scope.rel.length === rootRel.length;
      if (seekProfiles && realDir) {
        if (profiles.matches(fromRoot)) {
          walkedDeeper = true;
          yield* walk(p, raw, st, { rel: [], profile: true }, fromRoot, currentStat);
          continue;
        }
      }
      const rules = scope.profile ? profileRules : rootRules;
      const rule = rules.find((r) => matchPath(r.match, rel, ci));
      if (rule) {
        addItem(ctx, p, raw, st, currentStat, rule.category);
        continue;
      }
      const descend =
        realDir &&
        (rules.some((r) => isPatternPrefix(r.match, rel, ci)) ||
          [...area.keep, ...(area.keepManaged ?? [])].some((k) => isPatternPrefix(k, rel, ci) || isPatternPrefix(k, fromRoot, ci)) ||
          (seekProfiles && profiles.isPrefix(fromRoot)));
      if (descend) {
        walkedDeeper = true;
        yield* walk(p, raw, st, { rel, profile: scope.profile }, fromRoot);
        continue;
      }
      if (area.residual) addItem(ctx, p, raw, st, currentStat, area.residual);
    }
    const parts = ctx.items.length - itemsBefore;
    if (!walkedDeeper && holder && ctx.wholeFolders && parts >= 2 && parts === entries.length) {
      // What appears in it after the plan is counted with it, in the area's residual category.
      ctx.wholeFolders.push({
        ...(ctx.items[itemsBefore] as PlanItem),
        category: area.residual ?? area.rules[0]?.category ?? 'site-data',
        path: current,
        raw: currentRaw,
        type: 'dir',
        dev: currentStat.dev,
        ino: currentStat.ino,
        parentDev: holder.dev,
        parentIno: holder.ino,
        entries: parts,
      });
    }
  }
}

/** True when `name` is really gone from `dir` (ENOENT and no longer listed), not merely unaddressable. */
function vanished(error: unknown, dir: Buffer, name: Buffer): boolean {
  if ((error as { code?: string }).code !== 'ENOENT') return false;
  try {
    return !readdirSync(dir, { encoding: 'buffer' }).some((entry) => entry.equals(name));
  } catch {
    return true;
  }
}
