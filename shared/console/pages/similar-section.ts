import type { Report } from '../../domain/report.ts';
import { HTML_SECTION_BODIES } from '../../report/html-sections.ts';
import { SafeHtml } from '../../report/html-template.ts';

/** An incident id as the report's sections quote it; the schema admits no other characters. */
const QUOTED_INCIDENT_ID = /<code>(INC-[0-9a-f]{8})<\/code>/g;

/**
 * The report's own similar-incidents section, each quoted incident id made a link to its console
 * page. Only the id pattern is matched, so no report text can turn into markup.
 */
export function similarIncidentsSection(report: Report): SafeHtml {
  const section = HTML_SECTION_BODIES['similar-incidents'](report).value;
  return new SafeHtml(section.replace(QUOTED_INCIDENT_ID, '<a href="/incidents/$1"><code>$1</code></a>'));
}
