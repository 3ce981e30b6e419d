/** Newline-delimited JSON framing with a line-length limit, and a reader that can wait. */
import type { Socket } from 'node:net';

export interface LineReader {
  /** Goes on with the lines held back while `ready()` said no. */
  resume(): void;
}

/**
 * Calls `onLine` for every complete line; `onTooLong` once when a line exceeds `max` bytes. With
 * `ready`, asked before each line: when it says no, the socket is paused (the kernel then holds
 * what the client sends, and its writes block) until `resume()`.
 */
export function readLines(
  socket: Socket,
  max: number,
  onLine: (line: string) => void,
  onTooLong: () => void,
  ready?: () => boolean,
): LineReader {
  let buffer = '';
  let paused = false;
  const drain = () => {
    for (let nl = buffer.indexOf('\n'); nl >= 0; nl = buffer.indexOf('\n')) {
      if (ready && !ready()) {
        if (!paused) socket.pause();
        paused = true;
        return;
      }
      const line = buffer.slice(0, nl).replace(/\r$/, '');
      buffer = buffer.slice(nl + 1);
      if (line.trim() !== '') onLine(line);
      if (socket.destroyed) return;
    }
    if (Buffer.byteLength(buffer) > max) {
      buffer = '';
      onTooLong();
    }
  };
  socket.setEncoding('utf8');
  socket.on('data', (chunk: string) => {
    buffer += chunk;
    drain();
  });
  return {
    resume: () => {
      if (!paused || socket.destroyed) return;
      paused = false;
      socket.resume();
      drain();
    },
  };
}

export function writeLine(socket: Socket, message: unknown): void {
  if (!socket.destroyed && socket.writable) socket.write(JSON.stringify(message) + '\n');
}
