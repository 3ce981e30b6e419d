#!/usr/bin/env node
/** `tabula-dashboard`: the central dashboard (Fastify + web UI). Built under issue 4. */
process.stderr.write('tabula-dashboard: the dashboard is not built yet (issue 4). Nothing was started.\n');
process.exitCode = 2;
