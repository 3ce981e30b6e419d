/**
 * Who may open each endpoint, as the options of `server.listen()`:
 *
 *   patron      readableAll + writableAll. On Windows Node applies them to the named pipe's DACL
 *               (libuv uv_pipe_chmod grants Everyone read/write), so an app in any patron or
 *               staff session can connect; on Unix the socket is 0666 either way (umask + chmod).
 *   privileged  no flags: the default named-pipe DACL (LocalSystem and Administrators full
 *               control, the creator owner — the agent — too; Everyone read only, which cannot
 *               send a request over a duplex pipe). On Unix: 0660, root and the staff group.
 *
 * The staff group is not applied to the Windows pipe: staff there use the patron pipe and the PIN.
 */
import type { ListenOptions } from 'node:net';

export type Endpoint = 'privileged' | 'patron';

export function listenOptionsFor(endpoint: Endpoint, path: string): ListenOptions {
  return endpoint === 'patron' ? { path, readableAll: true, writableAll: true } : { path };
}
