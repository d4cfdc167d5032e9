// Starts the system Chromium headless, as these machines allow it.

import { chromium } from 'playwright-core';

/** Launches Chromium (CHROMIUM or /usr/bin/chromium) without its background traffic. */
export function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
      // A fake camera, for the check-in's QR scanner.
      '--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream'],
  });
}
