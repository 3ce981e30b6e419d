/**
 * What each error code means and what to do about it, for people: the agent's CLI prints the
 * action after the message, the dashboard shows both beside a code (UI and CSV), alerts carry
 * them. Fixed English text, one row per code of error-codes.ts (a test checks none is missing);
 * never a path, a file name, a URL, a username or a hostname.
 */
import { isErrorCode, type ErrorCode } from './error-codes.js';

export interface ErrorHelp {
  /** What happened, in one short sentence. */
  meaning: string;
  /** What IT or staff should do next. */
  action: string;
}

export const ERROR_HELP: Record<ErrorCode, ErrorHelp> = {
  E_USAGE: { meaning: 'The command line is not valid.', action: 'Run the command with --help and correct the options.' },
  E_CONFIG: {
    meaning: 'The configuration is not valid.',
    action: 'Run `tabula config check`; it names the field, line and column at fault.',
  },
  E_ROOT_REFUSED: {
    meaning: 'A folder to wipe was refused as dangerous.',
    action: 'Point the configuration at patron homes and temp folders only, never a drive root or a parent of homes.',
  },
  E_ROOT_MISSING: {
    meaning: 'A folder to wipe does not exist.',
    action: 'Check the patron account and temp folders in the configuration.',
  },
  E_ROOT_IS_LINK: { meaning: 'A folder to wipe is a link or junction.', action: 'Configure the real folder instead of the link.' },
  E_ACCOUNT_UNKNOWN: {
    meaning: 'A configured patron account does not exist on the PC.',
    action: 'Create the account or correct its name in the configuration.',
  },
  E_ACCOUNT_REFUSED: {
    meaning: 'A configured account is an administrator, root or staff account.',
    action: 'List only ordinary patron accounts in the configuration.',
  },
  E_IDENTITY_CHANGED: {
    meaning: 'An item was swapped while it was being wiped (possible link attack); it was left alone.',
    action: 'Wipe again; if it repeats, check the PC for a program that tampers with the patron folders.',
  },
  E_BAD_FILE: {
    meaning: 'A settings file in the patron home was unusable (not a plain file, too large or unreadable), so what it lists may remain.',
    action: 'Wipe again; if it repeats, reset the account from its baseline or template.',
  },
  E_PRINT_UNAVAILABLE: {
    meaning: "The print system could not be asked for the patron's print jobs, so some may remain.",
    action: 'Check that CUPS (or the Windows spooler) runs, then wipe again.',
  },
  E_MOUNT: {
    meaning: 'An item is a mount point or on another drive; Tabula does not cross drives.',
    action: 'Unmount the drive, or keep mounts out of patron folders.',
  },
  E_PERM: {
    meaning: 'Permission denied while wiping.',
    action: 'Make sure the agent service runs as root / SYSTEM and no policy blocks it.',
  },
  E_BUSY: {
    meaning: 'A file was locked by a program that still had it open.',
    action: 'Close the program (or restart the PC) and wipe again.',
  },
  E_HIVE_LOADED: {
    meaning: "Windows still had the patron's registry settings loaded, so they were not reset yet.",
    action:
      'Nothing at first: the agent retries once Windows unloads the profile. If it repeats, a program or service keeps the profile loaded; restart the PC.',
  },
  E_IO: { meaning: 'A disk read or write error occurred.', action: 'Check the disk health (SMART, event log) and wipe again.' },
  E_BROWSER_RUNNING: { meaning: 'A browser could not be closed in time.', action: 'Close the browser or restart the PC, then wipe again.' },
  E_BASELINE_MISSING: {
    meaning: 'The patron account has no captured baseline.',
    action: 'Capture one with `tabula baseline capture` on a clean account.',
  },
  E_STATE: {
    meaning: "The agent's state folder cannot be used.",
    action: 'Check the state folder (default /var/lib/tabula) exists and belongs to root.',
  },
  E_REMAINING: {
    meaning: 'Items were still present after the wipe.',
    action: 'Do not seat the next patron; wipe again, and if it repeats call IT with the categories shown.',
  },
  E_INTERNAL: {
    meaning: 'An internal error occurred in Tabula.',
    action: 'Wipe again; report the code and event from the log to the Tabula maintainers.',
  },
  E_BAD_REQUEST: { meaning: 'A request to the agent was malformed.', action: 'Update the app and the agent to the same version.' },
  E_FORBIDDEN: {
    meaning: 'The request needs root, the staff group or a staff PIN.',
    action: 'Unlock with the staff PIN, or run as an administrator.',
  },
  E_NO_STAFF_PIN: { meaning: 'No staff PIN is set on this PC.', action: 'Set one with `tabula staff set-pin` as root / Administrator.' },
  E_LOCKED: {
    meaning: 'Staff PIN entry is locked after too many wrong PINs.',
    action: 'Wait until the time shown has passed, then try again.',
  },
  E_AGENT_UNAVAILABLE: {
    meaning: 'The agent service is not running.',
    action: 'Start it (systemctl start tabula, or the Tabula service on Windows).',
  },
  E_NOT_PATRON: {
    meaning: 'The account is not a configured patron account.',
    action: 'Add it to `accounts` in the configuration if it should be wiped.',
  },
  E_UNSUPPORTED: { meaning: 'The operation is not available on this PC.', action: 'Check the documentation for this operating system.' },
  E_NOT_ENROLLED: { meaning: 'The PC is not enrolled with a dashboard.', action: 'Run `tabula enroll --dashboard URL --token TOKEN`.' },
  E_ENROLL_REJECTED: {
    meaning: "The dashboard refused the enrollment token or the PC's credential.",
    action: 'Create a new token with `tabula-dashboard token create --site ID` and enroll again.',
  },
  E_ENROLL_TOKEN_FILE: {
    meaning: "The installer's enrollment token file was not usable.",
    action: 'Put one token in enroll-token beside config.json, owned by root, mode 600.',
  },
  E_DASHBOARD_UNREACHABLE: {
    meaning: 'The dashboard could not be reached; reports wait on the PC.',
    action: 'Check the network and the dashboard address; nothing is lost meanwhile.',
  },
  E_DASHBOARD_TLS: {
    meaning: "The dashboard's TLS certificate was not accepted.",
    action: 'Check the dashboard URL and the pinned CA file.',
  },
  E_DASHBOARD_ERROR: {
    meaning: 'The dashboard answered with an error.',
    action: 'Check the dashboard log for the code; reports are retried.',
  },
};

/** The help for a code, or null for a text that is not one of our codes. */
export function errorHelp(code: string): ErrorHelp | null {
  return isErrorCode(code) ? ERROR_HELP[code] : null;
}
