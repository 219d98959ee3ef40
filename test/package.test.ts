import { expect } from 'chai';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const root = path.resolve(__dirname, '..');
const bin = (name: string) => path.join(root, 'node_modules', '.bin', name);

/** The package as `npm pack` makes it (prepack builds dist/ first): its tarball and file list. */
describe('the package parity-orm (npm pack, publint, attw)', function () {
  this.timeout(300_000);
  let folder: string;
  let tarball: string;
  let files: string[];

  before(() => {
    folder = mkdtempSync(path.join(tmpdir(), 'parity-pack-'));
    const [packed] = JSON.parse(
      execFileSync('npm', ['pack', '--json', '--pack-destination', folder], {
        cwd: root,
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'pipe'],
      }),
    ) as Array<{ filename: string; files: Array<{ path: string }> }>;
    tarball = path.join(folder, packed!.filename);
    files = packed!.files.map((f) => f.path);
  });

  after(() => rmSync(folder, { recursive: true, force: true }));

  it('holds the compiled code, its types, the command and the specification, and no test or source file', () => {
    expect(files).to.include.members([
      'package.json',
      'README.md',
      'dist/src/index.js',
      'dist/src/index.d.ts',
      'dist/src/cli/parity.js',
      'dist/src/cucumber/index.js',
      'dist/src/config/conformance.cucumber.js',
      'dist/features/support/models.js',
      'dist/features/step_definitions/write.steps.js',
      'features/creating.feature',
    ]);
    const unwanted = files.filter((f) => /\.test\.|(^|\/)test\/|^src\/|^bench\/|\.ts$/.test(f) && !f.endsWith('.d.ts'));
    expect(unwanted).to.deep.equal([]);
  });

  it('passes publint, warnings included', () => {
    const output = execFileSync(bin('publint'), ['--strict', '--pack', 'false'], { cwd: root, encoding: 'utf8' });
    expect(output).to.include('All good!');
  });

  it('passes Are the Types Wrong for Node 16+ resolution, from CommonJS and ESM alike', () => {
    // The node16 profile: Node 20+ reads the exports map; node10 (which ignores it) is no Node this package supports.
    const output = execFileSync(bin('attw'), [tarball, '--profile', 'node16', '--format', 'json'], { cwd: root, encoding: 'utf8' });
    const { problems } = JSON.parse(output) as { problems: Record<string, Array<{ entrypoint: string; resolutionKind?: string }>> };
    const found = Object.entries(problems).flatMap(([kind, list]) =>
      list.filter((p) => p.resolutionKind !== 'node10').map((p) => `${kind} at ${p.entrypoint} (${p.resolutionKind ?? 'any'})`),
    );
    expect(found).to.deep.equal([]);
  });
});
