/**
 * The answer block and the pictures: shared with the console's report page, which renders the same
 * section bodies (`HTML_SECTION_BODIES`) inside its own layout.
 */
export const ANSWER_AND_PICTURES_CSS = `
main>section.answer-section{border:2px solid #0b4f9c}
.answer{display:grid;grid-template-columns:minmax(0,1fr) minmax(0,1.1fr);gap:1.25rem;align-items:start;font-size:.95rem}
.answer-label{margin:.5rem 0 .1rem;color:#4a5361;font-size:.8rem;font-weight:700;text-transform:uppercase;letter-spacing:.05em}
.answer-label:first-child{margin-top:0}
.answer-cause{font-size:1.2rem;margin:.1rem 0}
.answer pre{margin:.25rem 0}
.answer pre,.answer pre code{font-size:.78rem;overflow-wrap:break-word}
.impact{font-weight:600;margin-top:.1rem}
.visually-hidden{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
details>summary{cursor:pointer;list-style-position:outside}
details>summary>h2{display:inline;border:0;margin:0;padding:0}
details[open]>summary{margin-bottom:.75rem;padding-bottom:.35rem;border-bottom:2px solid #e3e6ea}
figure.chart{margin:.25rem 0 1rem}
figure.chart svg{display:block;max-width:100%;height:auto;background:#fff}
figure.chart figcaption{font-size:.85rem;color:#4a5361}
.charts{display:grid;grid-template-columns:repeat(auto-fit,minmax(20rem,1fr));gap:.5rem 1rem}
@media (max-width:40rem){.answer{grid-template-columns:1fr}}
`;

/**
 * The report page's only stylesheet, inlined so the page stands alone (e-mail attachments, S3, offline).
 * Every text/background pair has a contrast ratio of at least 4.5:1 (WCAG AA); status is also spelled
 * out in text, never shown by colour alone.
 */
export const REPORT_CSS = `
*,*::before,*::after{box-sizing:border-box}
html{-webkit-text-size-adjust:100%;text-size-adjust:100%}
body{margin:0;background:#f6f7f9;color:#1b1f24;font:16px/1.55 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif}
.page{max-width:64rem;margin:0 auto;padding:1rem}
.skip-link{position:absolute;left:-999px;top:0;background:#0b4f9c;color:#fff;padding:.5rem 1rem}
.skip-link:focus{left:1rem}
header.report-header,main>section,footer{background:#fff;border:1px solid #d4d8de;border-radius:8px;padding:1rem 1.25rem;margin:0 0 1rem}
.eyebrow{margin:0;color:#4a5361;font-size:.875rem;text-transform:uppercase;letter-spacing:.06em}
h1{font-size:1.6rem;line-height:1.25;margin:.25rem 0 .75rem}
h2{font-size:1.3rem;margin:0 0 .75rem;padding-bottom:.35rem;border-bottom:2px solid #e3e6ea}
h3{font-size:1.05rem;margin:1.1rem 0 .4rem}
p{margin:.4rem 0}
p.detail{white-space:pre-line;overflow-wrap:anywhere}
a{color:#0b4f9c}
a:focus-visible,[tabindex]:focus-visible{outline:3px solid #0b4f9c;outline-offset:2px}
dl.facts{display:grid;grid-template-columns:max-content 1fr;gap:.3rem 1rem;margin:.5rem 0}
dl.facts dt{font-weight:600;color:#333a44}
dl.facts dd{margin:0;min-width:0;overflow-wrap:anywhere}
nav.toc ol{margin:.25rem 0;padding-left:1.25rem;columns:2 14rem}
.badge{display:inline-block;padding:.05rem .5rem;border-radius:999px;font-size:.85rem;font-weight:700;color:#fff;background:#3d4753;white-space:nowrap;-webkit-print-color-adjust:exact;print-color-adjust:exact}
.sev-p1,.health-down,.check-failed{background:#a3161a}
.sev-p2,.health-degraded{background:#8f3f00}
.sev-p3{background:#6e5a00}
.sev-p4,.health-unknown{background:#3d4753}
.check-passed{background:#1d6b2c}
.level{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:.85rem;font-weight:700}
.banner{border:2px solid #8f3f00;background:#fff4e5;color:#1b1f24;border-radius:6px;padding:.6rem .8rem;margin:.75rem 0 0}
.confidence{font-size:1.1rem;font-weight:700}
.table-scroll{overflow-x:auto;margin:.5rem 0}
dl.header-facts{display:flex;flex-wrap:wrap;gap:.2rem .5rem;margin:.25rem 0}
dl.header-facts dd{margin-right:1rem}
header.report-header{padding:.75rem 1.25rem}
${ANSWER_AND_PICTURES_CSS}
table{border-collapse:collapse;width:100%;font-size:.925rem}
th,td{text-align:left;vertical-align:top;padding:.45rem .55rem;border-bottom:1px solid #e3e6ea}
thead th{background:#eef1f4;color:#1b1f24}
td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}
code,pre{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,"Liberation Mono",monospace;font-size:.875rem}
code{overflow-wrap:anywhere}
pre{background:#f1f3f5;color:#1b1f24;border:1px solid #d4d8de;border-radius:6px;padding:.6rem .75rem;margin:.4rem 0;white-space:pre-wrap;overflow-wrap:anywhere}
.plain-list{list-style:none;padding:0;margin:.5rem 0}
.plain-list>li{padding:.6rem 0;border-bottom:1px solid #e3e6ea}
.plain-list>li:last-child{border-bottom:0}
.meta{color:#4a5361;font-size:.875rem;margin:0}
.muted{color:#4a5361}
footer{font-size:.875rem;color:#4a5361}
@media (max-width:40rem){
  .page{padding:.5rem}
  header.report-header,main>section,footer{padding:.75rem;border-radius:0;border-left:0;border-right:0}
  dl.facts{grid-template-columns:1fr}
  dl.facts dd{margin-bottom:.35rem}
  h1{font-size:1.35rem}
}
@media print{
  body{background:#fff;font-size:11pt}
  .page{max-width:none;padding:0}
  .skip-link,nav.toc{display:none}
  details>summary{list-style:none}
  header.report-header,main>section,footer{border:0;padding:0;margin:0 0 1.25rem}
  h2,h3{break-after:avoid}
  pre,tr,.plain-list>li{break-inside:avoid}
  .table-scroll{overflow:visible}
  a{color:#000}
}
`;
