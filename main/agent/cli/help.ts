export { VERSION } from '../base/version.js';

export const HELP = `tabula — wipes what a patron left on a public computer, and nothing else.

Usage:
  tabula plan     [selection] [--json] [--paths]   what a wipe would remove (counts; --paths lists paths, for IT only)
  tabula wipe     [selection] [--json] [--dry-run] remove it; --dry-run counts without removing
  tabula verify   [selection] [--json]             exit 1 if anything catalogued remains
  tabula baseline capture (--account NAME | --home DIR)   record a set-up home: its session ends become resets
  tabula agent    [--config FILE] [--state DIR]    run the agent service in the foreground
  tabula session start|end (--account NAME | --home DIR [--temp DIR]) [--json]
                  tell the running agent a session started / ended (without an agent: end wipes
                  here, start marks the journal); accounts that are not configured patrons are ignored
  tabula status   [--json]                         agent readiness, journal (dirty/clean counts),
                                                   current wipe and last results; exit 1 if no agent
  tabula enroll --dashboard URL --token TOKEN [--ca FILE] [--json]
                  enroll this computer with a dashboard (one-time site token); the device
                  credential is kept root-only in the state directory
  tabula report flush|status [--json]              send queued anonymous reports now / show the queue
  tabula config check [--config FILE] [--json]     validate every layer (defaults < file < OS policy);
                                                   exit 2 with each error's file, field and expectation
  tabula config hash-pin < PIN                     print a staffPinHash for an OS policy (PIN from stdin)
  tabula staff set-pin [--config FILE]             set the staff PIN in the machine file (asked twice
                                                   on a terminal, else one line from stdin); root-only file
  tabula --help | --version | help COMMAND       this text, the version, or one command's options (also COMMAND --help)

Selection (default: the accounts of the configuration file):
  --account NAME     a patron account of this computer (repeatable)
  --home DIR         a patron home folder (repeatable; overrides the configuration)
  --temp DIR         a shared temp folder to sweep for the patron's own entries (repeatable)
  --mode auto|clean|reset  auto (default): reset where a baseline was captured, else clean;
                     clean removes the catalogued data; reset restores the baseline
  --category ID      only this category (repeatable): history cookies cache sessions site-data
                     form-data passwords downloads-history downloads desktop documents temp
                     recent thumbnails trash app-data histories credentials print-jobs
  --platform P       linux|darwin|win32: read the folders as laid out on that system

Global options:
  --config FILE      configuration file (default /etc/tabula/config.json and per-OS equivalents)
  --state DIR        state directory: journal, baselines, logs (default /var/lib/tabula)
  --no-close-browsers  do not close the account's running browsers first
  --overwrite        overwrite downloads/desktop/documents files with zeros before deleting
                     (best effort: SSDs and copy-on-write filesystems may keep old blocks)

Output never contains a path, file name, URL, username or host name, except plan --paths.
Exit codes: 0 clean, 1 something remains or could not be removed, 2 usage or configuration
error, 3 a root or account was refused, 4 the wipe failed entirely.
`;
