import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { removePasswordFile } from './engine';

describe('the embedded PostgreSQL route', function () {
  let folder: string;
  let before: string | undefined;
  beforeEach(function () {
    before = process.env.TMPDIR;
    folder = mkdtempSync(path.join(tmpdir(), 'parity-pg-password-'));
    process.env.TMPDIR = folder;
  });
  afterEach(function () {
    if (before === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = before;
    rmSync(folder, { recursive: true, force: true });
  });

  it("removes initdb's password file of its own server when stopped mid-initdb, and never another run's", function () {
    writeFileSync(path.join(folder, 'pg-password-mine'), 'secret-of-this-server\n');
    writeFileSync(path.join(folder, 'pg-password-theirs'), 'secret-of-another-run\n');
    writeFileSync(path.join(folder, 'unrelated'), 'secret-of-this-server\n');
    removePasswordFile('secret-of-this-server');
    expect(existsSync(path.join(folder, 'pg-password-mine'))).to.equal(false);
    expect(existsSync(path.join(folder, 'pg-password-theirs'))).to.equal(true);
    expect(existsSync(path.join(folder, 'unrelated'))).to.equal(true);
  });
});
