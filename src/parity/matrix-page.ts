import {
  cellStatuses,
  parityDefinition,
  parityPercent,
  type CellStatus,
  type MatrixCell,
  type MatrixRow,
  type ParityMatrix,
} from './parity-matrix';

const labels: Record<CellStatus, string> = {
  passed: '✓ passed',
  failed: '✗ failed',
  skipped: '⊘ skipped',
  'expected-failure': '✗ expected failure',
  'unexpectedly-passed': '! unexpectedly passed',
  'not-run': '– not run',
};

/**
 * The parity matrix as one self-contained HTML page (inline CSS and script, no network): a row per
 * scenario, a column per backend, counts and the parity figure on top, and filters. Every text is escaped.
 * Each cell links to the scenario in that backend's Cucumber HTML report through the report's own
 * search (`report.html?query=<scenario name>`), since the report has no per-scenario anchors.
 */
export function renderMatrixPage(matrix: ParityMatrix, generatedAt = new Date()): string {
  const names = matrix.backends.map((b) => b.backend);
  const tags = [...new Set(matrix.rows.flatMap((r) => r.tags))].sort();
  const failing = matrix.rows.filter(fails);
  const body: string[] = [];
  let group = -1;
  // Failures first, when there are any, each under its feature; then every other row in file order.
  const sections: { id: string; title: string; rows: readonly MatrixRow[] }[] =
    failing.length > 0
      ? [
          { id: 'failing', title: `✗ Failing on some backend (${failing.length})`, rows: failing },
          {
            id: 'rest',
            title: `Every other scenario (${matrix.rows.length - failing.length})`,
            rows: matrix.rows.filter((r) => !fails(r)),
          },
        ]
      : [{ id: 'all', title: '', rows: matrix.rows }];
  for (const section of sections) {
    if (section.title !== '' && section.rows.length > 0) {
      body.push(
        `<tr class="sec" id="sec-${section.id}" data-sec="${section.id}"><th colspan="${names.length + 1}">${esc(section.title)}</th></tr>`,
      );
    }
    let feature = '';
    for (const row of section.rows) {
      if (row.uri !== feature) {
        feature = row.uri;
        group++;
        body.push(
          `<tr class="f" data-g="${group}" data-sec="${section.id}"><th colspan="${names.length + 1}">${esc(row.feature)} <span class="uri">${esc(row.uri)}</span></th></tr>`,
        );
      }
      body.push(renderRow(row, group, section.id));
    }
  }
  const missing = matrix.backends.filter((b) => b.unavailable !== undefined).map((b) => b.backend);
  const badges = [
    ...(matrix.ok ? [] : ['<span class="verdict bad">differences found</span>']),
    ...(missing.length > 0 ? [`<span class="verdict bad" id="not-run">${esc(missing.join(', '))} did not run</span>`] : []),
    ...(matrix.ok && missing.length === 0 ? ['<span class="verdict ok">all backends agree</span>'] : []),
  ];
  const engines = matrix.backends.some((b) => b.unavailable !== undefined || b.engine !== undefined);
  const totals = Object.fromEntries(cellStatuses.map((s) => [s, matrix.counts.reduce((n, c) => n + c[s], 0)])) as Record<
    CellStatus,
    number
  >;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Parity matrix — ${esc(parityPercent(matrix.parity))} parity on ${esc(names.join(', '))}</title>
<style>${css}</style>
</head>
<body>
<header>
  <h1>Parity matrix ${badges.join(' ')}</h1>
  <p class="meta">${matrix.rows.length} scenarios × ${names.length} backend${names.length === 1 ? '' : 's'} · generated ${esc(generatedAt.toISOString())}</p>
  <div class="summary">
    <div class="parity" id="parity"><strong>${esc(parityPercent(matrix.parity))}</strong> parity<br><span>${matrix.parity.atParity} of ${matrix.parity.meantToRun} scenarios pass on every backend where they are meant to run</span>
      <details><summary>Definition</summary><p>${esc(parityDefinition)}</p></details>
    </div>
    <table class="counts" id="counts">
      <thead><tr><th>backend</th>${cellStatuses.map((s) => `<th class="st-${s}">${esc(labels[s])}</th>`).join('')}<th>time</th><th>reports</th>${engines ? '<th>engine</th>' : ''}</tr></thead>
      <tbody>${matrix.backends
        .map((b, i) => {
          const c = matrix.counts[i]!;
          const note =
            b.unavailable !== undefined ? `<span class="unavailable">unavailable: ${esc(b.unavailable)}</span>` : esc(b.engine ?? '');
          const cells = cellStatuses.map((s) => `<td data-status="${s}"${c[s] === 0 ? ' class="zero"' : ''}>${c[s]}</td>`).join('');
          return `<tr data-backend="${esc(b.backend)}"><th>${esc(b.backend)}</th>${cells}<td>${esc(seconds(c.durationMs))}</td><td class="files">${reportLinks(b)}</td>${engines ? `<td class="engine">${note}</td>` : ''}</tr>`;
        })
        .join('')}</tbody>
    </table>
  </div>
  ${matrix.problems.length > 0 ? `<ul class="problems" id="problems">${matrix.problems.map((p) => `<li>${esc(p)}</li>`).join('')}</ul>` : ''}
  <form class="filters" id="filters" onsubmit="return false">
    <label><input type="checkbox" id="f-diff"> only differences between backends</label>
    <label>status <select id="f-status"><option value="">any</option>${cellStatuses
      .filter((s) => totals[s] > 0)
      .map((s) => `<option value="${s}">${esc(labels[s])} (${totals[s]})</option>`)
      .join('')}</select></label>
    <label>on <select id="f-backend"><option value="">any backend</option>${names.map((n) => `<option value="${esc(n)}">${esc(n)}</option>`).join('')}</select></label>
    <label>tag <select id="f-tag"><option value="">any</option>${tags.map((t) => `<option>${esc(t)}</option>`).join('')}</select></label>
    <label>text <input type="search" id="f-text" placeholder="feature, scenario, file, error…"></label>
    <output id="shown">${matrix.rows.length} of ${matrix.rows.length} scenarios</output>
  </form>
</header>
<main>
<table class="matrix" id="matrix" data-backends="${esc(names.join(' '))}">
  <thead><tr><th class="sc">scenario</th>${matrix.backends
    .map((b) => `<th class="be${b.unavailable !== undefined ? ' off' : ''}">${esc(b.backend)}</th>`)
    .join('')}</tr></thead>
  <tbody>
${body.join('\n')}
  </tbody>
</table>
<p id="none" hidden>No scenario matches the filters.</p>
</main>
<script>${script}</script>
</body>
</html>
`;
}

/** Whether a row fails somewhere: a failed cell, or an expected failure that passed. */
function fails(row: MatrixRow): boolean {
  return row.cells.some((c) => c.status === 'failed' || c.status === 'unexpectedly-passed');
}

/** Links to a backend's Cucumber report and `output.log`, one pair per shard. */
function reportLinks(column: ParityMatrix['backends'][number]): string {
  return column.runs
    .map((run, i) => {
      const shard = column.runs.length > 1 ? `${i + 1}: ` : '';
      const log = run.log === undefined ? '' : ` · <a class="log" href="${esc(run.log)}">output.log</a>`;
      return `<span>${shard}<a class="report" href="${esc(run.report)}">report</a>${log}</span>`;
    })
    .join('<br>');
}

function renderRow(row: MatrixRow, group: number, section: string): string {
  const statuses = row.cells.map((c) => c.status).join(' ');
  const text = [
    row.feature,
    row.rule ?? '',
    row.name,
    row.example ?? '',
    `${row.uri}:${row.line}`,
    ...row.tags,
    ...row.cells.map((c) => c.result?.error ?? ''),
  ]
    .join('\n')
    .toLowerCase();
  const sub = [row.rule !== undefined ? `Rule: ${row.rule}` : '', row.example ?? ''].filter((s) => s !== '');
  return (
    `<tr class="r${row.atParity ? '' : ' gap'}" data-g="${group}" data-sec="${section}" data-s="${statuses}" data-d="${row.differs ? 1 : 0}" data-t="${esc(row.tags.join(' '))}" data-x="${esc(text)}">` +
    `<th scope="row"><span class="name">${esc(row.name)}</span> <span class="line">:${row.line}</span>` +
    (sub.length > 0 ? `<div class="sub">${esc(sub.join(' · '))}</div>` : '') +
    (row.tags.length > 0 ? `<div class="tags">${row.tags.map((t) => `<span>${esc(t)}</span>`).join(' ')}</div>` : '') +
    `</th>${row.cells.map((cell) => renderCell(cell, row)).join('')}</tr>`
  );
}

function renderCell(cell: MatrixCell, row: MatrixRow): string {
  const result = cell.result;
  if (result === undefined) return `<td class="c st-not-run">${labels['not-run']}</td>`;
  const href = `${result.report}?query=${encodeURIComponent(row.scenario)}${hiddenInReport(cell.status)}`;
  let detail = '';
  if (cell.status === 'failed' || cell.status === 'expected-failure') {
    detail += `<div class="step">${esc(result.failedStep ?? '')}</div><pre>${esc(result.error ?? '')}</pre>`;
  }
  if (cell.status === 'skipped' || cell.status === 'not-run') detail += `<div class="why">${esc(result.skipReason ?? '')}</div>`;
  if (cell.xfailReason !== undefined) {
    detail +=
      cell.status === 'unexpectedly-passed'
        ? `<div class="why">Unexpectedly passed — remove the tag. Reason given: ${esc(cell.xfailReason)}</div>`
        : `<div class="why">Known gap: ${esc(cell.xfailReason)}</div>`;
  }
  return (
    `<td class="c st-${cell.status}"><a href="${esc(href)}" title="Open this scenario in the Cucumber report">${labels[cell.status]}</a>` +
    ` <span class="ms">${esc(duration(result.durationMs))}</span>${detail}</td>`
  );
}

/**
 * The report's `hide` parameters that leave only scenarios with the cell's Cucumber status: with the
 * name as `query` (a fuzzy full-text search), the report opens on the scenario and few neighbours.
 */
function hiddenInReport(status: CellStatus): string {
  const shown =
    status === 'passed' || status === 'unexpectedly-passed'
      ? ['passed']
      : status === 'skipped' || status === 'not-run'
        ? ['skipped']
        : failingInReport;
  return ['passed', 'skipped', ...failingInReport]
    .filter((s) => !shown.includes(s))
    .map((s) => `&hide=${s}`)
    .join('');
}

const failingInReport = ['failed', 'pending', 'undefined', 'ambiguous', 'unknown'];

/** Escapes text for HTML element content and quoted attribute values. */
export function esc(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function duration(ms: number): string {
  return ms < 1 ? '<1 ms' : ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;
}

function seconds(ms: number): string {
  return ms === 0 ? '' : `${(ms / 1000).toFixed(1)} s`;
}

const css = `
:root { --pass: #1a7f37; --pass-bg: #dafbe1; --fail: #cf222e; --fail-bg: #ffebe9; --skip: #57606a; --skip-bg: #f3f4f6;
  --xfail: #8250df; --xfail-bg: #f5f0ff; --xpass: #bc4c00; --xpass-bg: #fff1e5; --line: #d0d7de; }
* { box-sizing: border-box; }
body { margin: 0; font: 13px/1.4 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #1f2328; background: #fff; }
header { padding: 12px 16px 0; }
h1 { font-size: 20px; margin: 0 0 2px; }
.verdict { font-size: 12px; font-weight: 600; padding: 2px 8px; border-radius: 10px; vertical-align: middle; }
.verdict.ok { background: var(--pass-bg); color: var(--pass); } .verdict.bad { background: var(--fail-bg); color: var(--fail); }
.meta { color: #57606a; margin: 0 0 10px; }
.summary { display: flex; gap: 24px; align-items: flex-start; flex-wrap: wrap; }
.parity { min-width: 220px; max-width: 320px; }
.parity strong { font-size: 32px; line-height: 1; }
.parity span { color: #57606a; }
.parity details { margin-top: 4px; color: #57606a; } .parity p { margin: 4px 0; }
table.counts { border-collapse: collapse; }
.counts th, .counts td { border: 1px solid var(--line); padding: 3px 8px; text-align: right; white-space: nowrap; }
.counts th:first-child, .counts td.engine { text-align: left; white-space: normal; }
.counts td.engine { max-width: 420px; color: #57606a; }
.counts td.zero { color: #afb8c1; }
.unavailable { color: var(--fail); }
.problems { background: var(--fail-bg); border: 1px solid #ffcecb; border-radius: 6px; padding: 8px 8px 8px 28px; margin: 10px 0 0; color: #82071e; }
.filters { display: flex; flex-wrap: wrap; gap: 14px; align-items: center; padding: 10px 0; border-bottom: 1px solid var(--line); }
.filters select, .filters input[type=search] { font: inherit; padding: 2px 4px; }
.filters input[type=search] { width: 240px; }
#shown { color: #57606a; margin-left: auto; }
main { padding: 0 16px 24px; }
table.matrix { border-collapse: separate; border-spacing: 0; width: 100%; table-layout: fixed; }
.matrix thead th { position: sticky; top: 0; background: #f6f8fa; z-index: 1; border-bottom: 2px solid var(--line); padding: 6px; text-align: left; }
.matrix th.sc { width: 34%; }
.matrix th.be.off { color: #8c959f; text-decoration: line-through; }
.matrix td, .matrix tbody th { border-bottom: 1px solid #eaeef2; padding: 4px 6px; vertical-align: top; text-align: left; overflow-wrap: anywhere; }
.matrix tbody th { font-weight: normal; }
tr.sec th { background: #eaeef2; font-size: 14px; font-weight: 700; padding: 8px 6px; border-bottom: 1px solid var(--line); }
tr#sec-failing th { background: var(--fail-bg); color: var(--fail); }
.counts td.files { text-align: left; }
tr.f th { background: #f6f8fa; font-weight: 600; padding-top: 10px; border-bottom: 1px solid var(--line); }
tr.f .uri, .line, .ms { color: #6e7781; font-weight: normal; font-size: 12px; }
tr.gap > th[scope=row] { box-shadow: inset 3px 0 0 var(--fail); }
.sub { color: #57606a; font-size: 12px; }
.tags span { display: inline-block; font-size: 11px; color: #0550ae; background: #ddf4ff; border-radius: 8px; padding: 0 6px; margin: 1px 2px 0 0; }
.c a { font-weight: 600; text-decoration: none; }
.c a:hover { text-decoration: underline; }
.st-passed { background: var(--pass-bg); } .st-passed a, th.st-passed { color: var(--pass); }
.st-failed { background: var(--fail-bg); } .st-failed a, th.st-failed { color: var(--fail); }
.st-skipped { background: var(--skip-bg); } .st-skipped a, th.st-skipped { color: var(--skip); }
.st-expected-failure { background: var(--xfail-bg); } .st-expected-failure a, th.st-expected-failure { color: var(--xfail); }
.st-unexpectedly-passed { background: var(--xpass-bg); } .st-unexpectedly-passed a, th.st-unexpectedly-passed { color: var(--xpass); }
.st-not-run { color: #8c959f; }
.counts th[class^=st-] { background: none; }
.step { font-weight: 600; margin-top: 3px; }
.c pre { margin: 2px 0 0; white-space: pre-wrap; overflow-wrap: anywhere; font: 12px/1.35 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; }
.why { color: #57606a; font-size: 12px; margin-top: 2px; }
#none { color: #57606a; padding: 12px 0; }
`;

// The page's only script: filters rows by the form, hiding feature headings and sections left
// without rows, and keeps the filters in the URL's hash (#status=failed&on=sqlite&tag=…&text=…&diff=1),
// restored on load and when the hash changes, so a filtered view can be linked to.
const script = `
(function () {
  var backends = (document.getElementById('matrix').getAttribute('data-backends') || '').split(' ');
  var rows = Array.prototype.map.call(document.querySelectorAll('#matrix tr.r'), function (tr) {
    return { tr: tr, g: tr.getAttribute('data-g'), sec: tr.getAttribute('data-sec'), s: tr.getAttribute('data-s').split(' '),
      d: tr.getAttribute('data-d') === '1', t: (tr.getAttribute('data-t') || '').split(' '), x: tr.getAttribute('data-x') };
  });
  var groups = Array.prototype.slice.call(document.querySelectorAll('#matrix tr.f'));
  var sections = Array.prototype.slice.call(document.querySelectorAll('#matrix tr.sec'));
  var form = { diff: document.getElementById('f-diff'), status: document.getElementById('f-status'), backend: document.getElementById('f-backend'),
    tag: document.getElementById('f-tag'), text: document.getElementById('f-text') };
  function choose(select, value) {
    for (var i = 0; i < select.options.length; i++) if (select.options[i].value === value) { select.value = value; return; }
    select.value = '';
  }
  function restore() {
    var p = new URLSearchParams(location.hash.replace(/^#/, ''));
    form.diff.checked = p.get('diff') === '1';
    choose(form.status, p.get('status') || '');
    choose(form.backend, p.get('on') || '');
    choose(form.tag, p.get('tag') || '');
    form.text.value = p.get('text') || '';
  }
  function save() {
    var p = new URLSearchParams();
    if (form.diff.checked) p.set('diff', '1');
    if (form.status.value) p.set('status', form.status.value);
    if (form.backend.value) p.set('on', form.backend.value);
    if (form.tag.value) p.set('tag', form.tag.value);
    if (form.text.value) p.set('text', form.text.value);
    var hash = p.toString();
    if (hash !== location.hash.replace(/^#/, '')) history.replaceState(null, '', hash ? '#' + hash : location.pathname + location.search);
  }
  function apply() {
    var diff = form.diff.checked, status = form.status.value, backend = backends.indexOf(form.backend.value), tag = form.tag.value;
    var text = form.text.value.trim().toLowerCase(), shown = 0, visible = {}, visibleSec = {};
    for (var i = 0; i < rows.length; i++) {
      var r = rows[i];
      var show = (!diff || r.d) && (!tag || r.t.indexOf(tag) >= 0) && (!text || r.x.indexOf(text) >= 0) &&
        (!status ? true : backend < 0 ? r.s.indexOf(status) >= 0 : r.s[backend] === status);
      if (r.tr.hidden === show) r.tr.hidden = !show;
      if (show) { shown++; visible[r.g] = true; visibleSec[r.sec] = true; }
    }
    for (var j = 0; j < groups.length; j++) groups[j].hidden = !visible[groups[j].getAttribute('data-g')];
    for (var k = 0; k < sections.length; k++) sections[k].hidden = !visibleSec[sections[k].getAttribute('data-sec')];
    document.getElementById('shown').textContent = shown + ' of ' + rows.length + ' scenarios';
    document.getElementById('none').hidden = shown > 0;
  }
  ['change', 'input'].forEach(function (type) { document.getElementById('filters').addEventListener(type, function () { apply(); save(); }); });
  window.addEventListener('hashchange', function () { restore(); apply(); });
  restore();
  apply();
})();
`;
