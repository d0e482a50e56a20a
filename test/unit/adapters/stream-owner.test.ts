import { describe, expect, it } from 'vitest';
import { ownerOf, streamHash } from '../../../shared/adapters/local/stream-owner.ts';
import { shardOfStream } from '../../../shared/workflow/state.ts';

describe('ownerOf: which collector owns a parsed logs.jsonl line', () => {
  it('hashes a stream as the workflow shards it', () => {
    const streams: [string, string | undefined][] = [
      ['/eks/payments/payment-service', 'payment-service/pod-1'],
      ['/aws/lambda/x', undefined],
      ['g', ''],
      ['é😀', 'a\u0000b'],
    ];
    for (const [group, stream] of streams) {
      for (const shards of [2, 3, 8]) {
        expect(streamHash(group, stream) % shards).toBe(shardOfStream(group, stream, shards));
        expect(ownerOf({ logGroup: group, logStream: stream, message: 'x' }, shards)).toBe(
          shardOfStream(group, stream, shards),
        );
      }
    }
  });

  it('gives all events of a stream to one owner, and spreads the streams', () => {
    const owners = new Set<number>();
    for (let pod = 0; pod < 64; pod++) {
      const stream = `payment-service/pod-${pod}`;
      const of = (value: object) => ownerOf({ logGroup: '/eks/payments', logStream: stream, ...value }, 4);
      const owner = of({ timestamp: 1, message: 'first' });
      expect(of({ timestamp: 2, message: { nested: true } })).toBe(owner);
      expect(of({ timestamp: 'not a number' })).toBe(owner);
      owners.add(owner);
    }
    expect(owners).toEqual(new Set([0, 1, 2, 3]));
  });

  it('takes a stream that is not text as no stream, as IncidentFolderSource does', () => {
    for (const logStream of [7, null, { a: 1 }, undefined])
      expect(ownerOf({ logGroup: '/ecs/a', logStream }, 5)).toBe(shardOfStream('/ecs/a', undefined, 5));
  });

  it('gives what is no event to owner 0, and everything to owner 0 of one', () => {
    for (const value of [null, 'text', 42, [1, 2], {}, { logGroup: '' }, { logGroup: 7 }])
      expect(ownerOf(value, 3)).toBe(0);
    expect(ownerOf({ logGroup: '/ecs/a', logStream: 's' }, 1)).toBe(0);
  });
});
