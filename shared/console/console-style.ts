import { REPORT_CSS } from '../report/html-style.ts';
import { TABLE_COLUMNS } from '../report/sections.ts';

/**
 * The report sections' tables (`html-sections.ts`, by their aria-label) and their columns after the
 * row header: on a phone each row becomes a block, every cell prefixed by its column's name.
 */
export const REPORT_TABLE_COLUMNS: Readonly<Record<string, readonly string[]>> = {
  'Affected services': TABLE_COLUMNS.affectedServices,
  'Blast radius': TABLE_COLUMNS.blastRadius,
  'Log patterns': TABLE_COLUMNS.logPatterns,
  'Similar incidents': TABLE_COLUMNS.similarIncidents,
  'Quality checks': TABLE_COLUMNS.qualityChecks,
};

const cellLabels = Object.entries(REPORT_TABLE_COLUMNS)
  .flatMap(([table, columns]) =>
    columns
      .slice(1)
      .map(
        (column, i) =>
          `.table-scroll[aria-label=${JSON.stringify(table)}] td:nth-of-type(${i + 1})::before{content:${JSON.stringify(`${column}: `)}}`,
      ),
  )
  .join('\n');

const CONSOLE_CSS = `
:focus-visible{outline:3px solid #0b4f9c;outline-offset:2px}
.visually-hidden{position:absolute;width:1px;height:1px;padding:0;margin:-1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap;border:0}
.site-header{background:#0b2540;color:#fff}
.site-header nav{max-width:64rem;margin:0 auto;padding:.6rem 1rem;display:flex;flex-wrap:wrap;gap:.25rem 1.25rem;align-items:center}
.site-header a{color:#fff;text-decoration:none;font-weight:700}
.site-header a:hover{text-decoration:underline}
.site-header a:focus-visible{outline-color:#ffbf47}
.site-header .brand{font-size:1.1rem;margin-right:auto}
main>h1{margin:.5rem 0 1rem}
main{min-width:0}
.panel{background:#fff;border:1px solid #d4d8de;border-radius:8px;padding:1rem 1.25rem;margin:0 0 1rem}
.breadcrumb ol{list-style:none;display:flex;flex-wrap:wrap;gap:.25rem;margin:0;padding:0;font-size:.9rem}
.breadcrumb li+li::before{content:"/";margin-right:.25rem;color:#4a5361}
form.filters{display:grid;grid-template-columns:repeat(auto-fit,minmax(11rem,1fr));gap:.75rem 1rem;align-items:end}
form.filters .search{grid-column:1/-1}
.actions{grid-column:1/-1;display:flex;flex-wrap:wrap;gap:.75rem;align-items:center;margin-top:.25rem}
label,legend{display:block;font-weight:600;margin:0 0 .25rem}
.hint{display:block;font-weight:400;color:#4a5361;font-size:.875rem;margin:-.15rem 0 .3rem}
input,select,textarea{font:inherit;width:100%;max-width:100%;padding:.45rem .55rem;border:1px solid #6b7480;border-radius:6px;background:#fff;color:#1b1f24}
textarea{min-height:4.5rem;resize:vertical}
button{font:inherit;font-weight:700;padding:.5rem 1.1rem;border-radius:6px;border:2px solid #0b4f9c;background:#0b4f9c;color:#fff;cursor:pointer}
button:hover{background:#083b75}
fieldset{border:1px solid #d4d8de;border-radius:6px;padding:.5rem .75rem .75rem;margin:0 0 1rem}
.choice{display:flex;gap:.5rem;align-items:flex-start;margin:.35rem 0}
.choice input{width:auto;margin:.3rem 0 0}
.choice label{font-weight:400;margin:0}
.field{margin:0 0 1rem}
.notice{border-left:4px solid #1d6b2c;background:#eaf5ec;padding:.5rem .75rem;border-radius:4px}
.error{border-left:4px solid #a3161a;background:#fdecec;padding:.5rem .75rem;border-radius:4px}
.verdict{font-weight:700}
table.incidents thead th,table.incidents .when{white-space:nowrap}
table.incidents th[scope=row]{overflow-wrap:anywhere}
table.incidents code{overflow-wrap:normal}
table.incidents th .meta{display:block;white-space:nowrap;font-weight:400}
.pager{display:flex;justify-content:space-between;flex-wrap:wrap;gap:.5rem;margin:.75rem 0 0}
.site-footer{max-width:64rem;margin:0 auto 1rem;padding:0 1rem;color:#4a5361;font-size:.875rem;background:none;border:0}
.status-open{background:#fdecec;color:#7a1014}
.status-acknowledged{background:#fff4d6;color:#5c4300}
.status-resolved{background:#eaf5ec;color:#1d4d26}
.verdict-confirmed{background:#eaf5ec;color:#1d4d26}
.verdict-corrected{background:#e8effa;color:#0b3d78}
.owner{font-size:.9rem}
.verdict-line{display:block;margin-top:.3rem}
.freshness{margin:-.5rem 0 1rem;color:#333a44}
.more-filters>summary{cursor:pointer;font-weight:700;margin:.25rem 0 .5rem;list-style-position:inside}
.filter-grid{display:grid;grid-template-columns:repeat(auto-fit,minmax(11rem,1fr));gap:.75rem 1rem;align-items:end}
form.filters .more-filters{grid-column:1/-1}
form.triage{display:grid;grid-template-columns:repeat(auto-fit,minmax(12rem,1fr));gap:.75rem 1rem;align-items:end}
.aws-links ul{margin:0;padding-left:1.25rem;overflow-wrap:anywhere}
@media (min-width:40.01rem){
  .more-filters>summary{display:none}
  .more-filters::details-content{content-visibility:visible;display:contents}
}
@media (max-width:40rem){
  .site-header nav{padding:.5rem}
  .panel{padding:.75rem;border-radius:0;border-left:0;border-right:0}
  .table-scroll{overflow-x:visible}
  .table-scroll table,.table-scroll tbody,.table-scroll tr,.table-scroll th,.table-scroll td{display:block;width:100%}
  .table-scroll thead{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0)}
  .table-scroll tr{border-bottom:1px solid #d4d8de;padding:.4rem 0}
  .table-scroll th,.table-scroll td{border:0;padding:.1rem .25rem;text-align:left}
  .table-scroll td.num{text-align:left}
  .table-scroll td::before,.table-scroll td[data-label]::before{font-weight:600;color:#333a44}
  .table-scroll td[data-label]::before{content:attr(data-label) ": "}
${cellLabels}
}
`;

/** The console's one stylesheet: the report's own styles, then the console's pages and forms. */
export const CONSOLE_CSS_TEXT = `${REPORT_CSS}${CONSOLE_CSS}`;
