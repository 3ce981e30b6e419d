/**
 * Windows: `icacls` arguments that leave SYSTEM and Administrators as the only ones allowed in
 * (inherited entries such as the patron's own or Users: read removed). There, a file's or
 * folder's mode bits mean nothing; this is how the agent keeps a graveyard or the PIN's hash
 * away from the patron.
 */
export function systemOnlyAclArgs(target: string, folder: boolean): string[] {
  const inherit = folder ? '(OI)(CI)' : '';
  return [target, '/inheritance:r', '/grant:r', `*S-1-5-18:${inherit}F`, `*S-1-5-32-544:${inherit}F`];
}

/*
 * Owner and ACL of a baseline's entries (reset mode on Windows). A capture records each entry's
 * security descriptor as SDDL (`O:` owner, `G:` group, `D:` DACL) with PowerShell's `Get-Acl`,
 * one process for the whole home; a restore gives the entries it re-created their DACL back with
 * one `icacls <home> /restore <file>` (the `/save` file format: a relative name, then the DACL
 * line, UTF-16LE) and their owner with `icacls <entry> /setowner *SID` (icacls enables the
 * restore privilege that setting another account as owner needs). Paths travel in files, never
 * on a command line or in output (the capture answers by line number).
 */

/** The PowerShell that writes `<line number>\t<SDDL>` (or `\t!` when unreadable) for each path of `listFile` into `outFile`. */
export function aclCaptureScript(listFile: string, outFile: string): string {
  const lit = (s: string) => `'${s.replace(/'/g, "''")}'`;
  return [
    "$ErrorActionPreference = 'Stop'",
    `$paths = [IO.File]::ReadAllLines(${lit(listFile)}, [Text.Encoding]::UTF8)`,
    '$out = New-Object System.Collections.Generic.List[string]',
    'for ($i = 0; $i -lt $paths.Length; $i++) {',
    '  try { $out.Add([string]$i + "`t" + (Get-Acl -LiteralPath $paths[$i]).Sddl) } catch { $out.Add([string]$i + "`t!") }',
    '}',
    `[IO.File]::WriteAllLines(${lit(outFile)}, $out)`,
  ].join('\n');
}

/** The arguments of powershell.exe running `script` (no profile, no prompt). */
export function powershellArgs(script: string): string[] {
  return ['-NoProfile', '-NonInteractive', '-ExecutionPolicy', 'Bypass', '-Command', script];
}

/** A security descriptor in SDDL as Windows writes it: owner and DACL at least (`O:…D:…`). */
const SDDL = /^O:[A-Za-z0-9-]+(G:[A-Za-z0-9-]+)?D:[A-Z]*(\([^()]*\))*(S:.*)?$/;

/** The SDDL of each of `count` paths from the capture's output; undefined where it was unreadable or malformed. */
export function parseAclCapture(text: string, count: number): (string | undefined)[] {
  const sddls: (string | undefined)[] = new Array<string | undefined>(count).fill(undefined);
  for (const line of text.replace(/^\uFEFF/, '').split(/\r?\n/)) {
    const m = /^(\d+)\t(.*)$/.exec(line.trim());
    if (!m) continue;
    const i = Number(m[1]);
    const sddl = (m[2] as string).trim();
    if (i < count && SDDL.test(sddl)) sddls[i] = sddl;
  }
  return sddls;
}

/** Well-known SDDL aliases an owner can have, as SIDs (`icacls /setowner *SID`). */
const OWNER_ALIASES: Record<string, string> = {
  SY: 'S-1-5-18',
  BA: 'S-1-5-32-544',
  BU: 'S-1-5-32-545',
  LS: 'S-1-5-19',
  NS: 'S-1-5-20',
  CO: 'S-1-3-0',
  AU: 'S-1-5-11',
};

/** The owner (as a SID) and the DACL part (`D:…`, what `icacls /restore` takes) of an SDDL. */
export function splitSddl(sddl: string): { owner?: string; dacl?: string } {
  const parts: Record<string, string> = {};
  let depth = 0;
  let key = '';
  let start = 0;
  for (let i = 0; i < sddl.length; i++) {
    const c = sddl[i];
    if (c === '(') depth++;
    else if (c === ')') depth--;
    else if (depth === 0 && sddl[i + 1] === ':' && 'OGDS'.includes(c as string)) {
      if (key) parts[key] = sddl.slice(start, i);
      key = c as string;
      start = i;
      i++;
    }
  }
  if (key) parts[key] = sddl.slice(start);
  const ownerText = parts.O?.slice(2);
  const owner = ownerText === undefined ? undefined : /^S-1-[0-9-]+$/.test(ownerText) ? ownerText : OWNER_ALIASES[ownerText];
  return { ...(owner ? { owner } : {}), ...(parts.D ? { dacl: parts.D } : {}) };
}

/** A restored entry whose security descriptor is re-applied: its name relative to the home (`\`-separated) and its SDDL. */
export interface AclRestore {
  rel: string;
  sddl: string;
}

/** The `icacls /save` format file `icacls <home> /restore` reads: name, then DACL, each line CRLF, UTF-16LE. */
export function icaclsRestoreFile(entries: readonly AclRestore[]): Buffer {
  const lines: string[] = [];
  for (const { rel, sddl } of entries) {
    const { dacl } = splitSddl(sddl);
    if (dacl) lines.push(rel, dacl);
  }
  return Buffer.from(lines.map((l) => `${l}\r\n`).join(''), 'utf16le');
}

/** The icacls runs that give restored entries their DACL (one run) and owner (one run per entry). */
export function aclRestoreCommands(home: string, restoreFile: string, entries: readonly AclRestore[]): string[][] {
  const commands: string[][] = [];
  if (entries.some((e) => splitSddl(e.sddl).dacl))
    commands.push([home.endsWith('\\') ? home : `${home}\\`, '/restore', restoreFile, '/c', '/q']);
  for (const { rel, sddl } of entries) {
    const { owner } = splitSddl(sddl);
    if (owner) commands.push([`${home}\\${rel}`, '/setowner', `*${owner}`, '/c', '/q']);
  }
  return commands;
}
