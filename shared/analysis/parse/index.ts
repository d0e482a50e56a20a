export { cutQuote, cutText } from './cut.ts';
export { parseEvent } from './parse-event.ts';
export { serviceFromPodName } from './pod-name.ts';
export { createRecordParser, type RecordParser, type RecordParserStats } from './record-parser.ts';
export { serviceFromLogGroup } from './service.ts';
