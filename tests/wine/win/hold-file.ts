/**
 * Run by Windows' Node under Wine: opens argv[2] the way a running Chrome holds its History
 * database — with a share mode that excludes FILE_SHARE_DELETE (libuv's UV_FS_O_EXLOCK opens
 * with share mode 0; Node's ordinary open shares read, write and delete) — writes argv[3] once
 * the handle is held, and keeps it until argv[4] exists (or 120 s pass).
 */
import { closeSync, constants, existsSync, openSync, writeFileSync } from 'node:fs';

const [, , file = '', readyFile = '', releaseFile = ''] = process.argv;
// libuv's UV_FS_O_EXLOCK (include/uv/win.h); Node does not export it on Windows but passes it on.
const UV_FS_O_EXLOCK = 0x10000000;
if (process.platform !== 'win32') throw new Error('hold-file runs on win32');
const fd = openSync(file, constants.O_RDWR | UV_FS_O_EXLOCK);
writeFileSync(readyFile, 'held\n');
const until = Date.now() + 120_000;
const timer = setInterval(() => {
  if (!existsSync(releaseFile) && Date.now() < until) return;
  clearInterval(timer);
  closeSync(fd);
}, 100);
