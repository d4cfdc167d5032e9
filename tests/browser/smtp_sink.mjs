// A local SMTP sink for the browser tests: the portal delivers its e-mails
// to it over a real SMTP conversation on loopback, and it writes each
// message (recipients and decoded text) as a JSON file into the folder
// given, where the scenarios read the links they need (the mail log masks
// them). Prints "SMTP <port>" once listening.

import net from 'node:net';
import fs from 'node:fs';
import path from 'node:path';

const dir = process.argv[2];
if (!dir) { console.error('usage: node smtp_sink.mjs DIR'); process.exit(2); }
fs.mkdirSync(dir, { recursive: true });
let count = 0;

/** Quoted-printable soft breaks and escapes decoded (UTF-8). */
export function decodeQuotedPrintable(data) {
  const joined = data.replace(/=\r?\n/g, '');
  const bytes = [];
  for (let i = 0; i < joined.length; i++) {
    const hex = joined.slice(i + 1, i + 3);
    if (joined[i] === '=' && /^[0-9A-Fa-f]{2}$/.test(hex)) { bytes.push(parseInt(hex, 16)); i += 2; }
    else for (const b of Buffer.from(joined[i], 'utf8')) bytes.push(b);
  }
  return Buffer.from(bytes).toString('utf8');
}

const server = net.createServer((socket) => {
  let buffer = '';
  let inData = false;
  let to = [];
  let data = [];
  socket.write('220 sink ESMTP\r\n');
  socket.on('data', (chunk) => {
    buffer += chunk.toString('utf8');
    let end;
    while ((end = buffer.indexOf('\n')) >= 0) {
      const line = buffer.slice(0, end).replace(/\r$/, '');
      buffer = buffer.slice(end + 1);
      if (inData) {
        if (line === '.') {
          inData = false;
          count += 1;
          const text = decodeQuotedPrintable(data.join('\n'));
          const file = path.join(dir, `${String(count).padStart(6, '0')}.json`);
          fs.writeFileSync(file + '.tmp', JSON.stringify({ to, text }));
          fs.renameSync(file + '.tmp', file);
          socket.write('250 queued\r\n');
        } else data.push(line.startsWith('..') ? line.slice(1) : line);
        continue;
      }
      const upper = line.toUpperCase();
      if (upper.startsWith('EHLO')) socket.write('250-sink\r\n250 8BITMIME\r\n');
      else if (upper.startsWith('MAIL FROM:')) { to = []; socket.write('250 OK\r\n'); }
      else if (upper.startsWith('RCPT TO:')) { to.push(line.slice(8).trim().replace(/[<>]/g, '')); socket.write('250 OK\r\n'); }
      else if (upper === 'DATA') { inData = true; data = []; socket.write('354 end with .\r\n'); }
      else if (upper === 'QUIT') { socket.write('221 bye\r\n'); socket.end(); }
      else socket.write('250 OK\r\n');
    }
  });
  socket.on('error', () => {});
});
server.listen(0, '127.0.0.1', () => console.log(`SMTP ${server.address().port}`));
