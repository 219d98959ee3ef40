// Keeps two runs from writing one reports folder at once: a parity run holds `<reports>/.parity-run.lock`,
// a plain `cucumber-js` run leaves `<reports>/.cucumber-run-<pid>.lock` while it runs. Plain CommonJS,
// because cucumber.js loads it before ts-node is registered; the parity run uses it through report-lock.d.ts.
/* eslint-disable @typescript-eslint/no-require-imports -- CommonJS, loaded by Cucumber before ts-node is registered */
const fs = require('node:fs');
const path = require('node:path');

const parityLock = '.parity-run.lock';
const plainPrefix = '.cucumber-run-';

/** A run in another process that holds a lock on the folder. */
class ReportsInUseError extends Error {
  constructor(root, holders, advice) {
    super(
      `Another run is writing ${root}: ${holders.map(describe).join('; ')}. Two runs in one reports folder would mix ` +
        `their reports. Wait for it to finish, or ${advice}`,
    );
    this.name = 'ReportsInUseError';
    this.holders = holders;
  }
}

function describe(holder) {
  return `${holder.command} (pid ${holder.pid}, started ${holder.started})`;
}

function alive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return error.code === 'EPERM';
  }
}

function readHolder(file) {
  try {
    const holder = JSON.parse(fs.readFileSync(file, 'utf8'));
    return typeof holder.pid === 'number' ? holder : undefined;
  } catch {
    return undefined;
  }
}

/** The live runs of other processes holding a lock on the folder (`which`: 'parity', 'plain' or 'any'); stale locks are removed. */
function otherRuns(root, which) {
  let names;
  try {
    names = fs.readdirSync(root);
  } catch {
    return [];
  }
  return names
    .filter((name) =>
      name === parityLock ? which !== 'plain' : name.startsWith(plainPrefix) && name.endsWith('.lock') && which !== 'parity',
    )
    .flatMap((name) => {
      const file = path.join(root, name);
      const holder = readHolder(file);
      if (holder === undefined || !alive(holder.pid)) {
        fs.rmSync(file, { force: true }); // left by a run that was killed
        return [];
      }
      return holder.pid === process.pid ? [] : [{ ...holder, file }];
    });
}

function holderOf(command, extra = {}) {
  return JSON.stringify({ pid: process.pid, started: new Date().toISOString(), command, ...extra });
}

/**
 * Takes the parity run's lock on a reports folder, refusing with a ReportsInUseError while another
 * parity run or a plain cucumber-js run writes there. Returns the function that releases it.
 */
function acquireParityLock(root, command) {
  const advice = 'give this run its own folder with --reports <dir>.';
  fs.mkdirSync(root, { recursive: true });
  const others = otherRuns(root, 'any');
  if (others.length > 0) throw new ReportsInUseError(root, others, advice);
  const lock = path.join(root, parityLock);
  const written = `${lock}.${process.pid}`;
  fs.writeFileSync(written, holderOf(command));
  try {
    // A hard link appears whole or not at all: a second run never reads a half-written lock.
    fs.linkSync(written, lock);
  } catch (error) {
    if (error.code !== 'EEXIST') throw error;
    const holders = otherRuns(root, 'parity');
    if (holders.length > 0) throw new ReportsInUseError(root, holders, advice);
    fs.linkSync(written, lock); // the stale lock was removed
  } finally {
    fs.rmSync(written, { force: true });
  }
  return () => {
    if (readHolder(lock)?.pid === process.pid) fs.rmSync(lock, { force: true });
  };
}

/**
 * Marks a plain cucumber-js run's use of a reports folder until the process exits, refusing with a
 * ReportsInUseError while a parity run holds the folder, or another plain run writes one of the
 * same backend folders (`backends`: the subfolders this run writes, such as `sqlite`).
 */
function markPlainRun(root, command, backends) {
  const holders = [
    ...otherRuns(root, 'parity'),
    ...otherRuns(root, 'plain').filter((holder) => (holder.backends ?? []).some((b) => backends.includes(b))),
  ];
  if (holders.length > 0) {
    throw new ReportsInUseError(root, holders, "write this run's reports elsewhere: PARITY_REPORTS_DIR=<dir> npx cucumber-js ….");
  }
  fs.mkdirSync(root, { recursive: true });
  const marker = path.join(root, `${plainPrefix}${process.pid}.lock`);
  fs.writeFileSync(`${marker}.tmp`, holderOf(command, { backends }));
  fs.renameSync(`${marker}.tmp`, marker);
  process.once('exit', () => fs.rmSync(marker, { force: true }));
}

module.exports = { acquireParityLock, markPlainRun, ReportsInUseError };
