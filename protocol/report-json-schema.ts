/**
 * The JSON Schema document of a report batch, as committed in protocol/report.schema.json
 * (written by scripts/generate-report-schema.mjs; a test checks the file is up to date).
 */
import { ReportBatch, REPORT_PROTOCOL_VERSION } from './report.js';
import { REPORT_BATCH_EXAMPLES } from './report-examples.js';

export function reportJsonSchema(): Record<string, unknown> {
  const body = JSON.parse(JSON.stringify(ReportBatch)) as Record<string, unknown>;
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    ...body,
    description: `Tabula report batch, protocol version ${REPORT_PROTOCOL_VERSION}. Counts only: no free-text field.`,
    examples: REPORT_BATCH_EXAMPLES,
  };
}

/** The exact text of protocol/report.schema.json. */
export function reportJsonSchemaText(): string {
  return `${JSON.stringify(reportJsonSchema(), null, 2)}\n`;
}
