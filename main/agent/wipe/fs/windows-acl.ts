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
