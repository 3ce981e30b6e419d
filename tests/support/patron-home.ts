/**
 * A throw-away patron account for wipe tests:
 *   <base>/home     the patron home, with a skeleton that must survive a wipe
 *   <base>/temp     the patron's temp dir
 *   <base>/outside  a sibling of home, outside every root: must never be touched
 * plus symlinks inside the home that point out of it (to a file, to a dir, to `/`): a wipe may
 * unlink the links but must leave their targets intact.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync, lstatSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const SKELETON: Readonly<Record<string, string>> = {
  '.bashrc': '# ~/.bashrc for library patrons\nalias ll="ls -l"\n',
  '.profile': '# ~/.profile\n[ -f ~/.bashrc ] && . ~/.bashrc\n',
  '.config/someapp/settings.ini': '[general]\nlanguage=en\ntheme=library\n',
};

export const OUTSIDE_KEEP = 'keep.txt';
export const OUTSIDE_KEEP_CONTENT = 'outside the patron home: must survive every wipe\n';

export interface PatronHome {
  readonly base: string;
  readonly home: string;
  readonly temp: string;
  readonly outside: string;
  /** Skeleton files: relative path under home → content. */
  readonly skeleton: Readonly<Record<string, string>>;
  /** Absolute path of outside/keep.txt. */
  readonly outsideFile: string;
  /** Symlinks planted inside the home, with their targets. */
  readonly links: { readonly toFile: string; readonly toDir: string; readonly toRoot: string };
  readonly targets: { readonly file: string; readonly dir: string; readonly root: string };
  /** Removes everything (test teardown). */
  cleanup(): void;
}

export function makePatronHome(prefix = 'tabula-patron-'): PatronHome {
  const base = mkdtempSync(join(tmpdir(), prefix));
  const home = join(base, 'home');
  const temp = join(base, 'temp');
  const outside = join(base, 'outside');
  for (const d of [home, temp, outside, join(outside, 'dir')]) mkdirSync(d, { recursive: true });
  for (const [rel, content] of Object.entries(SKELETON)) {
    mkdirSync(join(home, rel, '..'), { recursive: true });
    writeFileSync(join(home, rel), content);
  }
  const outsideFile = join(outside, OUTSIDE_KEEP);
  writeFileSync(outsideFile, OUTSIDE_KEEP_CONTENT);
  writeFileSync(join(outside, 'dir', 'inner.txt'), 'inner\n');
  mkdirSync(join(home, 'Downloads'), { recursive: true });
  mkdirSync(join(home, '.cache'), { recursive: true });
  const links = {
    toFile: join(home, 'Downloads', 'link-to-keep.txt'),
    toDir: join(home, '.cache', 'link-to-outside'),
    toRoot: join(home, 'Desktop-link-to-root'),
  };
  symlinkSync(outsideFile, links.toFile);
  symlinkSync(outside, links.toDir);
  symlinkSync('/', links.toRoot);
  return {
    base,
    home,
    temp,
    outside,
    skeleton: SKELETON,
    outsideFile,
    links,
    targets: { file: outsideFile, dir: outside, root: '/' },
    cleanup: () => rmSync(base, { recursive: true, force: true }),
  };
}

/** Problems with the skeleton, the outside tree and the link targets after a wipe; [] if all intact. */
export function checkSurvivors(p: PatronHome): string[] {
  const problems: string[] = [];
  for (const [rel, content] of Object.entries(p.skeleton)) {
    try {
      if (readFileSync(join(p.home, rel), 'utf8') !== content) problems.push(`skeleton changed: ${rel}`);
    } catch {
      problems.push(`skeleton missing: ${rel}`);
    }
  }
  try {
    if (readFileSync(p.outsideFile, 'utf8') !== OUTSIDE_KEEP_CONTENT) problems.push('outside/keep.txt changed');
  } catch {
    problems.push('outside/keep.txt missing');
  }
  try {
    if (readFileSync(join(p.outside, 'dir', 'inner.txt'), 'utf8') !== 'inner\n') problems.push('outside/dir/inner.txt changed');
  } catch {
    problems.push('outside/dir/inner.txt missing');
  }
  try {
    if (!lstatSync(p.outside).isDirectory()) problems.push('outside is not a directory');
    if (readdirSync('/').length === 0) problems.push('/ is empty');
  } catch {
    problems.push('outside or / unreadable');
  }
  return problems;
}
