/** The console's one stylesheet (served as /assets/console.css; no inline styles under the CSP). */
export const CONSOLE_CSS = `
:root { --ink: #1d2430; --muted: #5b6574; --line: #d8dde5; --bg: #f5f7fa; --brand: #1f5fbf; --warn: #a33b00; --ok: #1d7a3a; --bad: #b3261e; }
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; }
body { margin: 0; font: 15px/1.55 "PingFang SC", "Microsoft YaHei", "Noto Sans SC", system-ui, sans-serif; color: var(--ink); background: var(--bg); }
a { color: var(--brand); }
.skip { position: absolute; left: -999px; }
.skip:focus { left: 8px; top: 8px; background: #fff; padding: 4px 8px; z-index: 10; }
.top { display: flex; flex-wrap: wrap; align-items: center; gap: 4px 16px; padding: 8px 16px; background: #fff; border-bottom: 1px solid var(--line); }
.brand { font-weight: 600; white-space: nowrap; }
.top nav ul { display: flex; flex-wrap: wrap; gap: 4px 14px; list-style: none; margin: 0; padding: 0; }
.top nav a { text-decoration: none; padding: 2px 0; }
.top nav a[aria-current="page"] { font-weight: 600; border-bottom: 2px solid var(--brand); }
.who { margin-left: auto; display: flex; align-items: center; gap: 8px; font-size: 13px; color: var(--muted); }
main { max-width: 1200px; margin: 0 auto; padding: 12px 16px 32px; }
h1 { font-size: 22px; margin: 8px 0 12px; }
h2 { font-size: 17px; margin: 22px 0 8px; }
.muted { color: var(--muted); }
.status { font-size: 16px; }
.cards { display: grid; grid-template-columns: repeat(auto-fit, minmax(150px, 1fr)); gap: 10px; margin: 8px 0; }
.card { background: #fff; border: 1px solid var(--line); border-radius: 6px; padding: 10px 12px; }
.card b { display: block; font-size: 20px; }
.card span { color: var(--muted); font-size: 13px; }
.table-wrap { overflow-x: auto; background: #fff; border: 1px solid var(--line); border-radius: 6px; }
table { border-collapse: collapse; width: 100%; font-size: 14px; }
th, td { text-align: left; padding: 6px 10px; border-bottom: 1px solid var(--line); vertical-align: top; }
th { background: #eef1f6; font-weight: 600; white-space: nowrap; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
tr:last-child td { border-bottom: 0; }
.nowrap { white-space: nowrap; }
.tag { display: inline-block; padding: 0 6px; border-radius: 3px; font-size: 12px; background: #e8edf5; white-space: nowrap; }
.tag.succeeded { background: #e1f3e6; color: var(--ok); }
.tag.failed, .tag.aborted { background: #fbe4e2; color: var(--bad); }
.tag.running { background: #e3ecfb; color: var(--brand); }
.chart { width: 100%; height: 280px; background: #fff; border: 1px solid var(--line); border-radius: 6px; margin: 8px 0; }
form.filters { display: flex; flex-wrap: wrap; gap: 8px 12px; align-items: end; margin: 8px 0 12px; }
form.filters label { display: flex; flex-direction: column; font-size: 13px; color: var(--muted); }
input, select, button { font: inherit; padding: 4px 8px; border: 1px solid var(--line); border-radius: 4px; background: #fff; color: var(--ink); }
button, .button { background: var(--brand); color: #fff; border-color: var(--brand); cursor: pointer; text-decoration: none; padding: 4px 12px; border-radius: 4px; display: inline-block; }
.who button { background: #fff; color: var(--brand); }
.downloads { display: flex; flex-wrap: wrap; gap: 8px; margin: 8px 0; }
.downloads a { white-space: nowrap; }
/* Assignment pages: forms in table rows, messages, stale rows, label/value tables. */
form.inline { display: flex; flex-wrap: wrap; gap: 4px 8px; align-items: center; margin: 2px 0; }
form.inline label { font-size: 13px; color: var(--muted); }
section form { display: flex; flex-wrap: wrap; gap: 8px 12px; align-items: end; }
section form label { display: flex; flex-direction: column; font-size: 13px; color: var(--muted); }
section form label.check { flex-direction: row; align-items: center; gap: 6px; }
form.inline label, form.inline select, form.inline input { max-width: 100%; }
form.actions { display: flex; flex-wrap: wrap; gap: 8px 16px; align-items: center; margin: 12px 0; }
.error { background: #fbe4e2; color: var(--bad); border: 1px solid #f1b8b3; border-radius: 6px; padding: 8px 12px; margin: 8px 0; }
.error p { margin: 2px 0; }
.ok { background: #e1f3e6; color: var(--ok); border: 1px solid #b7dfc3; border-radius: 6px; padding: 8px 12px; margin: 8px 0; }
tr.stale, tr.stale td { background: #fff6e5; }
table.fields { width: auto; min-width: 50%; background: #fff; border: 1px solid var(--line); border-radius: 6px; }
table.fields th { text-align: right; }
@media (max-width: 600px) {
  body { font-size: 14px; }
  .top { padding: 8px 12px; }
  .who { margin-left: 0; width: 100%; justify-content: space-between; }
  main { padding: 8px 12px 24px; }
  h1 { font-size: 19px; }
  th, td { padding: 5px 7px; font-size: 13px; }
  .chart { height: 220px; }
  /* Wide tables of long text become one card per row, each cell labelled by its column. */
  table.stack thead { display: none; }
  table.stack, table.stack tbody { display: block; }
  table.stack tr { display: block; padding: 6px 0; border-bottom: 1px solid var(--line); }
  table.stack tr:last-child { border-bottom: 0; }
  /* The label floats into the cell's left padding, so a cell of several parts (links, breaks, forms) stays one flow. */
  table.stack td { display: flow-root; border: 0; padding: 2px 10px 2px 102px; text-align: left; white-space: normal; overflow-wrap: anywhere; }
  table.stack td::before { content: attr(data-label); float: left; width: 84px; margin-left: -92px; color: var(--muted); font-size: 12px; padding-top: 1px; }
  table.stack td:empty { display: none; }
  table.fields { width: 100%; }
  form.filters label, section form label { flex: 1 1 150px; }
  form.filters label input, form.filters label select, section form label input:not([type=checkbox]) { width: 100%; }
  section form label:has(input[type=file]) { flex-basis: 100%; }
}
`;
