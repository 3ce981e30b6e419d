/**
 * Run by Windows' Node under Wine: makes a graveyard at the top of argv[2] with the agent's own
 * createGraveyard (mkdir, then the icacls step), then lists what leftoverGraveyards finds there,
 * into argv[3] as JSON ({ created, leftovers } as folder names).
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { createGraveyard, leftoverGraveyards } from '../../../main/agent/wipe/execute/graveyard.js';

const [, , root = '', out = ''] = process.argv;
if (process.platform !== 'win32') throw new Error('graveyard-probe runs on win32');
const created = path.win32.basename(createGraveyard(root));
writeFileSync(out, JSON.stringify({ created, leftovers: leftoverGraveyards(root).map((g) => path.win32.basename(g.path)) }));
