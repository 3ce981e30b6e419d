/**
 * Error codes shared by every process. Messages are fixed text: they never carry a path,
 * a file name, a URL, a username or a hostname.
 */
export const ERROR_CODES = {
  E_USAGE: 'The command line is not valid. Run `tabula --help`.',
  E_CONFIG: 'The configuration is not valid. Run `tabula config check` for the field at fault.',
  E_ROOT_REFUSED:
    "A wipe root was refused as dangerous (filesystem or drive root, a parent of homes, a system folder, another account's home, a home not owned by its account, or reached through a link or folder a patron controls). Point --home/--temp at a patron home or a temp folder.",
  E_ROOT_MISSING: 'A wipe root does not exist or is not a directory. Check --home/--temp or the account configuration.',
  E_ROOT_IS_LINK: 'A wipe root is a symbolic link or junction. Configure the real folder instead.',
  E_ACCOUNT_UNKNOWN: 'The account is not known to this computer. Check the account name in the configuration or on the command line.',
  E_ACCOUNT_REFUSED:
    'The account is refused as a patron account (administrator, root or staff). Patron accounts must be ordinary accounts.',
  E_IDENTITY_CHANGED: 'An item or its folder changed identity between plan and wipe (possible link swap); it was left alone.',
  E_BAD_FILE:
    'A file the wipe reads from the patron home (profiles.ini, user-dirs.dirs) is not a regular file, is too large or could not be read; it was not used and what it would have listed may remain.',
  E_MOUNT: 'An item is a mount point or lies on another filesystem; Tabula does not cross filesystems.',
  E_PERM: 'Permission denied. Run the wipe as root / SYSTEM (the agent service does).',
  E_BUSY: 'A file is locked or busy (a program still has it open).',
  E_IO: 'An input/output error occurred while wiping.',
  E_HIVE_LOADED:
    "The account's registry hive (NTUSER.DAT or UsrClass.dat) was still loaded by Windows (the profile not yet unloaded), so it was not reset; the rest was. The wipe is retried.",
  E_BROWSER_RUNNING: 'A browser of the account could not be closed in time.',
  E_BASELINE_MISSING: 'No baseline exists for this account. Capture one with `tabula baseline capture`.',
  E_STATE: 'The state directory cannot be used. Check --state (default /var/lib/tabula) and its permissions.',
  E_PRINT_UNAVAILABLE:
    "The print system could not be asked for the patron's print jobs (CUPS or the Windows spooler not reachable, or its tools missing), and its spool holds jobs; they may remain. Start the print service (systemctl start cups) and wipe again.",
  E_REMAINING: 'Verification found catalogued items still present after the wipe.',
  E_INTERNAL: 'An internal error occurred. The log has the error code and event; please report it.',
  E_BAD_REQUEST: 'The request to the agent is not valid (unknown request type or a field of the wrong shape).',
  E_FORBIDDEN: 'Not allowed: this request needs root / SYSTEM, the staff group, or a staff PIN unlock.',
  E_NO_STAFF_PIN:
    'No staff PIN is set on this computer, so staff actions cannot be unlocked. Set one with `tabula staff set-pin` (as root / Administrator).',
  E_LOCKED: 'Staff PIN entry is locked after too many wrong PINs. Wait until the time shown has passed, then try again.',
  E_AGENT_UNAVAILABLE: 'The Tabula agent service is not running or cannot be reached. Start it (systemctl start tabula) or check --state.',
  E_NOT_PATRON: 'The account is not a configured patron account; the agent does not wipe it.',
  E_UNSUPPORTED: 'This operation is not available on this computer yet.',
  E_NOT_ENROLLED: 'This computer is not enrolled with a dashboard. Run `tabula enroll --dashboard URL --token TOKEN`.',
  E_ENROLL_REJECTED:
    "The dashboard refused the enrollment token or this device's credential (unknown, already used, expired or revoked). Create a new token with `tabula-dashboard token create --site ID` and enroll again.",
  E_ENROLL_TOKEN_FILE:
    'The enrollment token file left by the installer (enroll-token beside config.json) was not used: it must hold one token from `tabula-dashboard token create` and be readable by root only (chown root, chmod 600). Fix it; the agent tries again.',
  E_DASHBOARD_UNREACHABLE: 'The dashboard cannot be reached (address, network or timeout). Reports stay queued and are retried.',
  E_DASHBOARD_TLS: "The dashboard's TLS certificate was not accepted. Check the dashboard URL and the pinned CA (--ca FILE).",
  E_DASHBOARD_ERROR: 'The dashboard answered with an error. Reports stay queued and are retried; the log has the code.',
} as const;

export type ErrorCode = keyof typeof ERROR_CODES;

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(ERROR_CODES, value);
}
