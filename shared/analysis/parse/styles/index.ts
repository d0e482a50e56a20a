import type { StyleRecogniser } from '../style-match.ts';
import { recogniseAccess } from './access.ts';
import { recogniseAlbAccess } from './alb-access.ts';
import { recogniseGo } from './go.ts';
import { recogniseJava } from './java.ts';
import { recogniseK8sEventText } from './k8s-event.ts';
import { recogniseKafka } from './kafka.ts';
import { recogniseLambda } from './lambda.ts';
import { recogniseLogfmt } from './logfmt.ts';
import { recogniseMysql } from './mysql.ts';
import { recogniseNode } from './node.ts';
import { recognisePlain } from './plain.ts';
import { recognisePostgres } from './postgres.ts';
import { recognisePython } from './python.ts';
import { recogniseRedis } from './redis.ts';

/**
 * Text styles, most specific first: each later one would also accept some lines of the earlier ones
 * (a Kafka line is also a Java line, every style's line has a plain `time LEVEL` prefix).
 */
export const TEXT_STYLES: readonly StyleRecogniser[] = [
  recogniseLambda,
  recogniseGo,
  recogniseNode,
  recogniseRedis,
  // Before access: an ALB entry names the target it reports on, which a generic access line does not.
  recogniseAlbAccess,
  recogniseAccess,
  recognisePostgres,
  // Before Java and plain: a MySQL error line's thread id and bracketed level read as theirs.
  recogniseMysql,
  recogniseKafka,
  recognisePython,
  recogniseJava,
  recogniseLogfmt,
  recogniseK8sEventText,
  recognisePlain,
];
