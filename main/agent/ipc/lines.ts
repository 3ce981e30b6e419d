/** Newline-delimited JSON framing with a line-length limit. */
import type { Socket } from 'node:net';

/** Calls `onLine` for every complete line; `onTooLong` once when a line exceeds `max` bytes. */
export function readLines(socket: Socket, max: number, onLine: (line: string) => void, onTooLong: () => void): void {
  let buffer = '';
  socket.setEncoding('utf8');
  socket.on('data', (chunk: string) => {
    buffer += chunk;
    for (let nl = buffer.indexOf('\n'); nl >= 0; nl = buffer.indexOf('\n')) {
      const line = buffer.slice(0, nl).replace(/\r$/, '');
      buffer = buffer.slice(nl + 1);
      if (line.trim() !== '') onLine(line);
    }
    if (Buffer.byteLength(buffer) > max) {
      buffer = '';
      onTooLong();
    }
  });
}

export function writeLine(socket: Socket, message: unknown): void {
  if (!socket.destroyed && socket.writable) socket.write(JSON.stringify(message) + '\n');
}
