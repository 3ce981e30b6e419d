/**
 * logind session classes that are not a person's login: greeters, lock screens and, since
 * systemd 256, the per-user "manager" session of user@.service. They never start or end a patron
 * session; an unknown or absent class counts as a login.
 */
const NON_LOGIN_CLASSES = new Set(['greeter', 'lock-screen', 'manager', 'manager-early', 'none']);

export function isLoginClass(sessionClass: string | undefined): boolean {
  return sessionClass === undefined || sessionClass === '' || !NON_LOGIN_CLASSES.has(sessionClass);
}
