export { cutQuote, cutText } from './cut.ts';
export { parseEvent } from './parse-event.ts';
export { createRecordParser, type RecordParser, type RecordParserStats } from './record-parser.ts';
export { serviceFromLogGroup, serviceFromPodName } from './service.ts';
