import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

const executablePath = '/usr/bin/chromium';

/** Starts Debian's headless Chromium (installed by .ci/run) the way every browser test must. */
export async function launchChromium(): Promise<Browser> {
  // Checked first: a launch that fails for a missing executable leaves its temporary folders in /tmp.
  if (!existsSync(executablePath))
    throw new Error(
      `${executablePath} does not exist: install Chromium (apt-get install chromium, as .ci/run does) to run the browser tests.`,
    );
  return chromium.launch({
    executablePath,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}
