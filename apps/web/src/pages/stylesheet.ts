/** The one stylesheet, served at `/assets/style.css`. System fonts only: the app has no internet at run time. */
export const stylesheet = `
:root {
  --ink: #1d232b;
  --ink-soft: #4a5563;
  --paper: #fbfaf7;
  --card: #ffffff;
  --line: #e3e0d8;
  --accent: #0b5cad;
  --accent-ink: #ffffff;
  --accent-soft: #e7f0fa;
  --good: #1d7a46;
  --good-soft: #e6f4ec;
  --bad: #b3261e;
  --bad-soft: #fbeaea;
  --warn-soft: #fff6dc;
  --radius: 10px;
  --serif: Charter, 'Bitstream Charter', 'Sitka Text', Cambria, Georgia, 'DejaVu Serif', serif;
  --sans: system-ui, -apple-system, 'Segoe UI', Roboto, 'Noto Sans', 'Liberation Sans', 'DejaVu Sans', sans-serif;
  --mono: ui-monospace, 'SF Mono', Menlo, Consolas, 'Liberation Mono', 'DejaVu Sans Mono', monospace;
}
*, *::before, *::after { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; }
body {
  margin: 0; background: var(--paper); color: var(--ink);
  font: 1.0625rem/1.6 var(--sans);
  min-height: 100vh; display: flex; flex-direction: column;
}
body > main { flex: 1 0 auto; width: 100%; }
a { color: var(--accent); text-underline-offset: 0.15em; }
a:hover { text-decoration-thickness: 2px; }
:focus-visible { outline: 3px solid #f5a623; outline-offset: 2px; }
h1, h2, h3 { font-family: var(--serif); line-height: 1.2; font-weight: 700; letter-spacing: -0.01em; }
h1 { font-size: clamp(1.8rem, 3.5vw, 2.5rem); margin: 0 0 0.4em; }
h2 { font-size: 1.45rem; margin: 2rem 0 0.75rem; }
h3 { font-size: 1.15rem; margin: 1.25rem 0 0.5rem; }
p { margin: 0 0 1em; }
code, .mono { font-family: var(--mono); font-size: 0.88em; }
.hash { font-family: var(--mono); font-size: 0.8rem; word-break: break-all; color: var(--ink-soft); }
.skip { position: absolute; left: -999px; }
.skip:focus { left: 1rem; top: 1rem; background: var(--card); padding: 0.5rem 1rem; z-index: 10; }

.site-header { background: #16202c; color: #e9eef4; }
.site-header .bar {
  max-width: 72rem; margin: 0 auto; padding: 0.75rem 1.25rem;
  display: flex; align-items: center; gap: 1.5rem; flex-wrap: wrap;
}
.brand { font-family: var(--serif); font-size: 1.3rem; font-weight: 700; color: #fff; text-decoration: none; }
.brand span { color: #8cc4ff; }
.site-header nav ul { display: flex; gap: 1.1rem; list-style: none; margin: 0; padding: 0; flex-wrap: wrap; }
.site-header nav a { color: #d5e3f2; text-decoration: none; font-weight: 500; }
.site-header nav a:hover, .site-header nav a[aria-current='page'] { color: #fff; text-decoration: underline; }
.who { margin-left: auto; display: flex; align-items: center; gap: 0.75rem; font-size: 0.95rem; color: #c3cfdb; }
.who form { margin: 0; }
.who button { background: transparent; color: #d5e3f2; border: 1px solid #5b6b7d; padding: 0.3rem 0.75rem; }
.who button:hover { background: #26323f; }

main { max-width: 72rem; margin: 0 auto; padding: 2rem 1.25rem 4rem; }
.lede { font-size: 1.15rem; color: var(--ink-soft); max-width: 46rem; }
.site-footer { border-top: 1px solid var(--line); color: var(--ink-soft); font-size: 0.9rem; }
.site-footer p { max-width: 72rem; margin: 0 auto; padding: 1.25rem; }

.card {
  background: var(--card); border: 1px solid var(--line); border-radius: var(--radius);
  padding: 1.25rem 1.5rem; margin: 0 0 1.25rem; box-shadow: 0 1px 2px rgb(0 0 0 / 0.04);
}
.grid { display: grid; gap: 1.25rem; grid-template-columns: repeat(auto-fit, minmax(18rem, 1fr)); align-items: start; }
.notice { border-radius: var(--radius); padding: 0.85rem 1.1rem; margin: 0 0 1.25rem; border: 1px solid; }
.notice.good { background: var(--good-soft); border-color: #9fd3b4; }
.notice.bad { background: var(--bad-soft); border-color: #eab0ad; }
.notice.info { background: var(--accent-soft); border-color: #a9c8ea; }
.badge {
  display: inline-block; border-radius: 999px; padding: 0.05rem 0.6rem; font-size: 0.8rem; font-weight: 600;
  background: var(--accent-soft); color: #0a3d73; white-space: nowrap;
}
.badge.good { background: var(--good-soft); color: var(--good); }
.badge.bad { background: var(--bad-soft); color: var(--bad); }
.muted { color: var(--ink-soft); }
.small { font-size: 0.9rem; }

table { border-collapse: collapse; width: 100%; background: var(--card); font-size: 0.97rem; }
th, td { text-align: left; vertical-align: top; padding: 0.6rem 0.75rem; border-bottom: 1px solid var(--line); }
th { font-size: 0.85rem; text-transform: uppercase; letter-spacing: 0.04em; color: var(--ink-soft); }
.table-wrap { overflow-x: auto; border: 1px solid var(--line); border-radius: var(--radius); }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
.actions { display: flex; gap: 0.5rem; flex-wrap: wrap; }

form.stacked { display: grid; gap: 1rem; max-width: 44rem; }
fieldset { border: 1px solid var(--line); border-radius: var(--radius); padding: 1rem 1.25rem; margin: 0; background: var(--card); }
legend { font-weight: 700; padding: 0 0.35rem; }
.field { display: grid; gap: 0.3rem; margin-bottom: 0.9rem; }
.field:last-child { margin-bottom: 0; }
label { font-weight: 600; }
.hint { font-size: 0.88rem; color: var(--ink-soft); }
.error { font-size: 0.92rem; color: var(--bad); font-weight: 600; }
input[type='text'], input[type='number'], input[type='date'], input[type='url'], select, textarea {
  font: inherit; color: inherit; background: #fff; width: 100%;
  border: 1px solid #b9b4a8; border-radius: 8px; padding: 0.5rem 0.65rem;
}
textarea { min-height: 4.5rem; resize: vertical; }
[aria-invalid='true'] { border-color: var(--bad); box-shadow: 0 0 0 1px var(--bad); }
.check { display: flex; gap: 0.5rem; align-items: center; font-weight: 600; }
button, .button {
  font: inherit; font-weight: 600; cursor: pointer; display: inline-block; text-decoration: none;
  background: var(--accent); color: var(--accent-ink); border: 1px solid var(--accent);
  border-radius: 8px; padding: 0.5rem 1.1rem;
}
button:hover, .button:hover { filter: brightness(1.1); }
.button.secondary, button.secondary { background: #fff; color: var(--accent); }
.inline-form { display: flex; gap: 0.75rem; align-items: end; flex-wrap: wrap; }
.inline-form .field { margin: 0; }

.timeline-svg { width: 100%; height: auto; display: block; }
.timeline-svg .axis { stroke: #9aa5b1; stroke-width: 2; }
.timeline-svg .tick { fill: var(--ink-soft); font: 12px var(--sans); }
.timeline-svg .dot { fill: var(--accent); stroke: #fff; stroke-width: 2; }
.timeline-svg .dot.future { fill: #c4ccd5; }
.timeline-svg .asof { stroke: var(--bad); stroke-width: 2; stroke-dasharray: 5 4; }
.timeline-svg .asof-label { fill: var(--bad); font: 600 12px var(--sans); }
ol.developments { list-style: none; padding: 0; margin: 0; }
ol.developments li { border-left: 3px solid var(--line); padding: 0.35rem 0 0.85rem 1rem; position: relative; }
ol.developments li::before {
  content: ''; position: absolute; left: -7px; top: 0.75rem; width: 11px; height: 11px;
  border-radius: 50%; background: var(--accent); border: 2px solid var(--paper);
}
ol.developments li.future { color: var(--ink-soft); border-left-style: dashed; }
ol.developments li.future::before { background: #c4ccd5; }
.when { font-weight: 700; font-variant-numeric: tabular-nums; margin-right: 0.5rem; }
.sources { display: block; font-size: 0.88rem; color: var(--ink-soft); }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: 0.35rem 1rem; margin: 0; }
dl.facts dt { font-weight: 600; color: var(--ink-soft); }
dl.facts dd { margin: 0; }
.later summary { cursor: pointer; font-weight: 600; color: var(--accent); }
.later[open] summary { margin-bottom: 1rem; }
.pager { display: flex; gap: 1rem; align-items: center; margin: 1rem 0; }
.signin { max-width: 30rem; margin: 3rem auto; }
.question legend { font-size: 1.05rem; }
.choice { display: flex; gap: 0.6rem; align-items: baseline; font-weight: 400; padding: 0.35rem 0; }
.choice input { accent-color: var(--accent); width: 1.1rem; height: 1.1rem; flex: none; }
ol.order { padding-left: 1.5rem; margin: 0; }
ol.order li { padding: 0.4rem 0; border-bottom: 1px solid var(--line); }
.order-buttons { display: inline-flex; gap: 0.35rem; margin-left: 0.5rem; }
.order-buttons button { padding: 0.2rem 0.6rem; font-size: 0.88rem; }
button:disabled { opacity: 0.45; cursor: default; filter: none; }
:focus-visible { outline: 3px solid var(--accent); outline-offset: 2px; }
.join-code { font-family: ui-monospace, monospace; font-size: 1.4rem; letter-spacing: 0.08em; }
ol.item-stats { padding-left: 1.5rem; }
.stat { display: grid; grid-template-columns: 13rem 1fr; gap: 0.75rem; align-items: center; font-size: 0.9rem; }
.stat-track { display: block; height: 0.8rem; background: var(--line); border-radius: 4px; overflow: hidden; }
.stat-bar { display: block; height: 100%; background: var(--accent); }
.stat-bar.negative { background: var(--bad); }
@media (max-width: 40rem) {
  main { padding: 1.25rem 1rem 3rem; }
  .who { margin-left: 0; }
}
`
