import { expect } from 'chai';
import { captureOutput } from '../../test/capture-output';
import { main } from './parity';

/** Runs `parity <argv>` in this process, capturing what it prints. */
async function parity(...argv: string[]): Promise<{ code: number; output: string }> {
  const { result, output } = await captureOutput(() => main(argv));
  return { code: result, output };
}

describe('the parity command', () => {
  it('lists its commands, and refuses one it does not have', async () => {
    expect(await parity('--help'))
      .to.include({ code: 0 })
      .and.have.property('output')
      .that.includes('conformance');
    const unknown = await parity('nope');
    expect(unknown.code).to.equal(2);
    expect(unknown.output).to.include('parity has no command "nope".').and.include('Commands:');
  });

  it('says its version, the package version', async () => {
    const { version } = (await import('../../package.json')) as { version: string };
    expect(await parity('--version')).to.deep.equal({ code: 0, output: `${version}\n` });
  });

  it('asks for the backend and the file registering its driver before running the conformance kit', async () => {
    for (const args of [[], ['--backend', 'mine'], ['--require', 'register.ts'], ['--backend']]) {
      const run = await parity('conformance', ...args);
      expect(run.code, args.join(' ')).to.equal(2);
      expect(run.output).to.match(/parity conformance (needs|--backend <name>)|--backend needs a value/);
    }
  });
});
