import { describe, expect, it } from 'vitest';
import { parseEvent } from '../../../shared/analysis/parse/index.ts';
import { maskEvent } from '../../../shared/analysis/redact/index.ts';
import { albLine } from './alb-entry.ts';
import { event } from './helpers.ts';

const parse = (line: string) => parseEvent(event(line, { logGroup: '/alb/front-door' }));

describe('ALB access log entries', () => {
  it('are about the target group, the load balancer kept as their reporter', () => {
    const record = parse(albLine());
    expect(record).toMatchObject({
      style: 'access',
      parsed: true,
      level: 'INFO',
      service: 'basket',
      statusCode: 200,
      at: Date.UTC(2026, 4, 12, 10, 0, 1, 250),
      fields: {
        reporter: 'front-door-alb',
        elb: 'app/front-door-alb/7a1c0f9e2b3d4c5e',
        subject: 'basket',
        targetGroup: 'basket-tg',
        method: 'POST',
        status: 200,
        targetStatus: 200,
        traceId: '1-6650a1b2-0123456789abcdef01234567',
        domainName: 'shop.example.org',
        actionsExecuted: 'forward',
      },
    });
  });

  it('name the service behind a target group without the words that only say "target group"', () => {
    const named = (name: string) =>
      parse(
        albLine({
          targetGroup: `arn:aws:elasticloadbalancing:eu-west-1:111122223333:targetgroup/${name}/0a1b2c3d4e5f6a7b`,
        }),
      ).service;
    expect(named('tg-basket-blue')).toBe('basket-blue');
    expect(named('basket-api')).toBe('basket-api');
    expect(named('tg')).toBe('tg');
  });

  it("keep the processing times as numbers, the target's also in the message", () => {
    const record = parse(albLine({ times: ['0.002', '1.875', '0.001'] }));
    expect(record.fields).toMatchObject({
      requestProcessingTime: 0.002,
      targetProcessingTime: 1.875,
      responseProcessingTime: 0.001,
    });
    expect(record.message).toBe(
      '"POST https://shop.example.org:443/basket/submit HTTP/1.1" 200 200 in 1.875 s',
    );
  });

  it('read a 5xx the load balancer made for a target that did not answer as an error of the target', () => {
    const record = parse(
      albLine({
        times: ['0.001', '-1', '-1'],
        elbStatus: '504',
        targetStatus: '-',
        errorReason: 'TargetTimeout',
      }),
    );
    expect(record).toMatchObject({ level: 'ERROR', service: 'basket', statusCode: 504 });
    expect(record.fields).toMatchObject({ errorReason: 'TargetTimeout', reporter: 'front-door-alb' });
    expect(record.fields).not.toHaveProperty('targetProcessingTime');
    expect(record.message).toBe(
      '"POST https://shop.example.org:443/basket/submit HTTP/1.1" 504 - TargetTimeout',
    );
  });

  it("read a 5xx the target returned as the target's error", () => {
    const record = parse(albLine({ elbStatus: '502', targetStatus: '502' }));
    expect(record).toMatchObject({ level: 'ERROR', service: 'basket', statusCode: 502 });
  });

  it('read client errors as warnings and redirects as information', () => {
    expect(parse(albLine({ elbStatus: '404', targetStatus: '404' }))).toMatchObject({ level: 'WARN' });
    expect(parse(albLine({ elbStatus: '301', targetStatus: '301' }))).toMatchObject({ level: 'INFO' });
  });

  it("leave an error of the load balancer's own sign-in step to the load balancer", () => {
    const record = parse(
      albLine({ elbStatus: '500', targetStatus: '-', target: '-', errorReason: 'AuthTokenEpRequestTimeout' }),
    );
    expect(record).toMatchObject({ level: 'ERROR', service: 'front-door' });
    expect(record.fields).not.toHaveProperty('subject');
  });

  it('name the target by its address when there is no target group, and nobody when it is masked', () => {
    expect(parse(albLine({ targetGroup: '-', target: '10.1.4.20:8080' })).service).toBe('10.1.4.20');
    const masked = parse(albLine({ targetGroup: '-', target: '[REDACTED:ip-address]:8080' }));
    expect(masked.service).toBe('front-door');
    expect(masked.fields).toMatchObject({ reporter: 'front-door-alb' });
    expect(masked.fields).not.toHaveProperty('subject');
    const long = parse(albLine({ targetGroup: '-', target: `${'a'.repeat(300)}:80` }));
    expect(long.service).toBe('front-door');
  });

  it('still name the target group once the door has masked the line', () => {
    const masked = maskEvent(event(albLine(), { logGroup: '/alb/front-door' }));
    expect(masked.message).not.toContain('198.51.100.23');
    expect(parseEvent(masked)).toMatchObject({ style: 'access', service: 'basket' });
  });

  it('read entries of older load balancers that end after the user agent', () => {
    expect(parse(albLine({ short: true, elbStatus: '503', targetStatus: '-' }))).toMatchObject({
      style: 'access',
      level: 'ERROR',
      service: '10.1.4.20',
    });
  });

  it('still read an entry cut inside its quoted request, and never fail on it', () => {
    const whole = albLine({ elbStatus: '503', targetStatus: '-' });
    const cut = whole.slice(0, whole.indexOf('"POST') + 20);
    expect(parse(cut).style).not.toBe('raw');
    // A backslash before the closing quote escapes it: the fields no longer line up, the line is kept as it is.
    const misaligned = albLine({ request: 'GET /a\\' });
    expect(parse(misaligned)).toMatchObject({ raw: misaligned, parsed: false });
  });

  it('do not take an ordinary line that begins with a request type', () => {
    const record = parse('http 2026-05-12T10:00:01Z listener restarted after config reload');
    expect(record.style).not.toBe('access');
  });
});
