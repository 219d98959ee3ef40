import type * as TestcontainersModule from 'testcontainers';
import { createServer } from 'node:net';
import { loadPeer, peerInstalled } from '../peers';

/** A TCP port on 127.0.0.1 that was free a moment ago, for an engine the framework starts. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address !== null ? resolve(address.port) : reject(new Error('No port was assigned.')),
      );
    });
  });
}

/** Whether a Docker engine answers, as Testcontainers sees it (fails fast when there is none). */
export async function dockerAnswers(): Promise<{ ok: true } | { ok: false; reason: string }> {
  if (!peerInstalled('testcontainers'))
    return { ok: false, reason: 'the testcontainers package is not installed (npm install --save-dev testcontainers to use this route)' };
  try {
    const { getContainerRuntimeClient } = loadPeer<typeof TestcontainersModule>('testcontainers', 'The Testcontainers route');
    await getContainerRuntimeClient();
    return { ok: true };
  } catch (error) {
    return { ok: false, reason: (error as Error).message.split('\n')[0] ?? 'no container runtime' };
  }
}
