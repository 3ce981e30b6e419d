/**
 * The dispatcher that `tabula agent` (the service) and the commands that run the wipe engine
 * (main/cli.ts) run: the agent bundle, dist/main/agent/bundle/agent.js (scripts/bundle-agent.mjs:
 * this CLI as tsc emitted it, with everything it imports, in one module). Same code as
 * ./commands.js; one module to load instead of ~150, which keeps the idle agent ~7 MB smaller and
 * a wipe's start ~80 ms shorter (issue 14). Other commands import ./commands.js as it is, a few
 * small modules at a time, so that `tabula --version` and the PAM hook start fastest.
 *
 * A build without the bundle (tsc alone) still runs the agent, from ./commands.js, and says so.
 */
import { fileURLToPath } from 'node:url';

type Cli = typeof import('./commands.js');

const BUNDLE = '../bundle/agent.js';

export async function agentCli(): Promise<Cli> {
  try {
    return (await import(BUNDLE)) as Cli;
  } catch (error) {
    const e = error as { code?: unknown; url?: unknown; message?: unknown };
    const bundle = new URL(BUNDLE, import.meta.url);
    // The bundle itself is missing (Node 20+ names it in `url`, Node 18 in the message), not something it needs.
    const itself = e.url === bundle.href || (typeof e.message === 'string' && e.message.includes(`'${fileURLToPath(bundle)}'`));
    if (e.code !== 'ERR_MODULE_NOT_FOUND' || !itself) throw error;
    process.stderr.write('tabula: the agent bundle is not built (npm run build); running the unbundled modules\n');
    return import('./commands.js');
  }
}
