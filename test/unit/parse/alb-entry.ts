/** The parts of an ALB access log entry a test varies; the rest are ordinary values. */
export interface AlbEntry {
  /** `time`, ISO 8601; a fixed instant unless given. */
  time?: string;
  /** The load balancer's `elb` field. */
  elb?: string;
  target?: string;
  times?: [string, string, string];
  elbStatus?: string;
  targetStatus?: string;
  request?: string;
  /** The whole `target_group_arn` field (`-` for none); a group named basket-tg unless given. */
  targetGroup?: string;
  errorReason?: string;
  /** Stop after the user agent, as entries of older load balancers do. */
  short?: boolean;
}

/** One ALB access log entry in the documented field order (Elastic Load Balancing user guide). */
export function albLine(e: AlbEntry = {}): string {
  const [req, tgt, resp] = e.times ?? ['0.001', '0.050', '0.000'];
  const head = [
    'https',
    e.time ?? '2026-05-12T10:00:01.250000Z',
    e.elb ?? 'app/front-door-alb/7a1c0f9e2b3d4c5e',
    '198.51.100.23:51234',
    e.target ?? '10.1.4.20:8080',
    req,
    tgt,
    resp,
    e.elbStatus ?? '200',
    e.targetStatus ?? '200',
    '412',
    '1893',
    `"${e.request ?? 'POST https://shop.example.org:443/basket/submit HTTP/1.1'}"`,
    '"Mozilla/5.0 (X11; Linux x86_64)"',
  ];
  if (e.short) return head.join(' ');
  const group =
    e.targetGroup === undefined
      ? 'arn:aws:elasticloadbalancing:eu-west-1:111122223333:targetgroup/basket-tg/0f1e2d3c4b5a6978'
      : e.targetGroup;
  return [
    ...head,
    'ECDHE-RSA-AES128-GCM-SHA256',
    'TLSv1.2',
    group,
    '"Root=1-6650a1b2-0123456789abcdef01234567"',
    '"shop.example.org"',
    '"arn:aws:acm:eu-west-1:111122223333:certificate/aaaa1111-bb22-cc33-dd44-eeeeee555555"',
    '3',
    e.time ?? '2026-05-12T10:00:01.190000Z',
    '"forward"',
    '"-"',
    `"${e.errorReason ?? '-'}"`,
    `"${e.target ?? '10.1.4.20:8080'}"`,
    `"${e.targetStatus ?? '200'}"`,
    '"-"',
    '"-"',
    'TID_5c3b0a9e8f7d6c5b4a39281706f5e4d3',
  ].join(' ');
}

/** A target group's ARN as the `target_group_arn` field carries it. */
export function targetGroupArn(name: string): string {
  return `arn:aws:elasticloadbalancing:eu-west-1:111122223333:targetgroup/${name}/0f1e2d3c4b5a6978`;
}
