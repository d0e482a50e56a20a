/**
 * The report's sections after its header, in the order every full rendering (HTML, Markdown) shows
 * them: the answer first (root cause, first fix, impact, the main picture), then the detail.
 */
export const REPORT_SECTIONS = [
  { id: 'answer', title: 'The answer' },
  { id: 'summary', title: 'Executive summary' },
  { id: 'root-cause', title: 'Root cause' },
  { id: 'fixes', title: 'Fix recommendations' },
  { id: 'timeline', title: 'Timeline' },
  { id: 'pictures', title: 'Pictures' },
  { id: 'affected-services', title: 'Affected services' },
  { id: 'forensics', title: 'Forensics' },
  { id: 'evidence', title: 'Evidence' },
  { id: 'five-whys', title: 'Five whys' },
  { id: 'systemic-root-cause', title: 'Systemic root cause' },
  { id: 'counterfactual', title: 'Counterfactual' },
  { id: 'similar-incidents', title: 'Similar incidents' },
  { id: 'reasoning-trail', title: 'Reasoning trail' },
  { id: 'model-and-quality', title: 'Model and quality checks' },
  { id: 'stats', title: 'Stats' },
] as const;

export type SectionId = (typeof REPORT_SECTIONS)[number]['id'];

export const SECTION_TITLES = Object.fromEntries(REPORT_SECTIONS.map((s) => [s.id, s.title])) as Readonly<
  Record<SectionId, string>
>;

/** Sub-headings shared by the renderings. */
export const SUBSECTION_TITLES = {
  patientZero: 'Patient zero',
  propagationPath: 'Propagation path',
  blastRadius: 'Blast radius',
  trigger: 'Trigger',
  timeToDetect: 'Time to detect',
  evidenceLines: 'Log lines',
  logPatterns: 'Log patterns',
  model: 'Model',
  qualityChecks: 'Quality checks',
} as const;

/** Column headings of the tables, shared by HTML and Markdown. */
export const TABLE_COLUMNS = {
  affectedServices: ['Service', 'Role', 'Health', 'Impact', 'First seen', 'Errors'],
  blastRadius: ['Kind', 'Name', 'Role', 'Impact'],
  logPatterns: ['Template', 'Incident count', 'Baseline count', 'Services'],
  similarIncidents: ['Incident', 'Title', 'Similarity', 'Fault class', 'Root cause', 'Occurred'],
  qualityChecks: ['Check', 'Result', 'Detail'],
} as const;
