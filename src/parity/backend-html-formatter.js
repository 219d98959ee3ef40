// Cucumber's HTML report, saying which backend it is: the page title and a line above the report
// read "parity-orm (<backend>)". Cucumber's html formatter has no title option, so this wraps it and
// changes only its title chunk and the start of its body. Used from cucumber.js as
// `./src/parity/backend-html-formatter.js:<file>` with formatOptions `{ backendReport: { backend } }`.
// eslint-disable-next-line @typescript-eslint/no-require-imports -- CommonJS, like every file Cucumber loads before ts-node
const html = require('@cucumber/cucumber/lib/formatter/builtin/html').default;

function escape(text) {
  return String(text).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

module.exports = {
  type: 'formatter',
  formatter({ on, options, write, directory }) {
    const backend = options.backendReport?.backend ?? 'unknown backend';
    const name = `parity-orm (${backend})`;
    let titled = false;
    let bannered = false;
    const rewrite = (chunk) => {
      if (typeof chunk !== 'string') return chunk;
      if (!titled && chunk === 'Cucumber') {
        titled = true;
        return `${escape(name)} — Cucumber`;
      }
      if (!bannered && chunk.includes('<div id="content">')) {
        bannered = true;
        const banner =
          `<p id="parity-backend" data-backend="${escape(backend)}" style="margin:0;padding:8px 16px;` +
          `font:600 15px system-ui,sans-serif;background:#f6f8fa;border-bottom:1px solid #d0d7de">Backend: ${escape(name)}</p>`;
        return chunk.replace('<div id="content">', `${banner}\n<div id="content">`);
      }
      return chunk;
    };
    // The built-in html formatter reads only its own options (formatOptions.html).
    return html.formatter({ on, options: options.html ?? {}, write: (chunk) => write(rewrite(chunk)), directory });
  },
};
