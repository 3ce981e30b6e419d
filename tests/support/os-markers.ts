/**
 * Plants a marker where a desktop session leaves traces outside the browsers: user folders, the
 * freedesktop Trash, recently-used.xbel, the thumbnail cache, and a temp dir. Test support only.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { deflateSync } from 'node:zlib';

export interface PlantedOsMarkers {
  /** Absolute paths of every file planted. */
  readonly files: string[];
}

function put(files: string[], path: string, content: string | Buffer): void {
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, content);
  files.push(path);
}

function crc32(buf: Buffer): number {
  let c = ~0;
  for (const b of buf) {
    c ^= b;
    for (let k = 0; k < 8; k++) c = (c >>> 1) ^ (0xedb88320 & -(c & 1));
  }
  return ~c >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const td = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(td));
  return Buffer.concat([len, td, crc]);
}

/** A valid 1x1 PNG thumbnail with the freedesktop Thumb::URI / Thumb::MTime tEXt chunks. */
export function thumbnailPng(uri: string): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(1, 0);
  ihdr.writeUInt32BE(1, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 6; // RGBA
  return Buffer.concat([
    Buffer.from('89504e470d0a1a0a', 'hex'),
    chunk('IHDR', ihdr),
    chunk('tEXt', Buffer.from(`Thumb::URI\0${uri}`, 'latin1')),
    chunk('tEXt', Buffer.from('Thumb::MTime\x001700000000', 'latin1')),
    chunk('IDAT', deflateSync(Buffer.from([0, 255, 255, 255, 255]))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

export function plantOsMarkers(home: string, marker: string): PlantedOsMarkers {
  const files: string[] = [];
  const docPath = join(home, 'Documents', `${marker}-letter.txt`);
  put(files, join(home, 'Downloads', `${marker}-invoice.pdf`), `%PDF-1.4\n% ${marker}\n`);
  put(files, join(home, 'Downloads', 'plain-name.txt'), `content only ${marker}\n`);
  put(files, join(home, 'Desktop', `${marker}-notes.txt`), `desktop ${marker}\n`);
  put(files, docPath, `Dear library, ${marker}\n`);
  put(files, join(home, 'Documents', 'sub', 'deeper', `${marker}.odt`), `odt ${marker}`);
  // freedesktop Trash: files/ + info/*.trashinfo
  const trashed = `${marker}-deleted.txt`;
  put(files, join(home, '.local', 'share', 'Trash', 'files', trashed), `trashed ${marker}\n`);
  put(
    files,
    join(home, '.local', 'share', 'Trash', 'info', `${trashed}.trashinfo`),
    `[Trash Info]\nPath=${join(home, 'Documents', trashed)}\nDeletionDate=2026-01-01T10:00:00\n`,
  );
  // recently-used.xbel: a valid XBEL with a file:// href holding the marker.
  const href = `file://${encodeURI(docPath)}`;
  put(
    files,
    join(home, '.local', 'share', 'recently-used.xbel'),
    `<?xml version="1.0" encoding="UTF-8"?>
<xbel version="1.0"
      xmlns:bookmark="http://www.freedesktop.org/standards/desktop-bookmarks"
      xmlns:mime="http://www.freedesktop.org/standards/shared-mime-info"
>
  <bookmark href="${href}" added="2026-01-01T10:00:00.000000Z" modified="2026-01-01T10:00:00.000000Z" visited="2026-01-01T10:00:00.000000Z">
    <info>
      <metadata owner="http://freedesktop.org">
        <mime:mime-type type="text/plain"/>
        <bookmark:applications>
          <bookmark:application name="gedit" exec="&apos;gedit %u&apos;" modified="2026-01-01T10:00:00.000000Z" count="1"/>
        </bookmark:applications>
      </metadata>
    </info>
  </bookmark>
</xbel>
`,
  );
  // Thumbnail cache: ~/.cache/thumbnails/normal/<md5 of URI>.png, URI in a tEXt chunk.
  const md5 = createHash('md5').update(href).digest('hex');
  put(files, join(home, '.cache', 'thumbnails', 'normal', `${md5}.png`), thumbnailPng(href));
  put(files, join(home, '.cache', 'thumbnails', 'large', `${md5}.png`), thumbnailPng(href));
  return { files };
}

export function plantTempMarkers(tempDir: string, marker: string): PlantedOsMarkers {
  const files: string[] = [];
  put(files, join(tempDir, `${marker}.tmp`), `temp ${marker}\n`);
  put(files, join(tempDir, `session-${marker}`, 'part-1.dat'), `part ${marker}\n`);
  put(files, join(tempDir, 'plain-dir', 'cache.bin'), Buffer.from(`\u0000${marker}\u0000`, 'utf16le'));
  return { files };
}
