import { describe, expect, it } from 'vitest';
import { toXRayTraceId, traceIdsIn } from '../../../shared/analysis/telemetry/trace-id.ts';

describe('joining log lines to traces', () => {
  it('maps a W3C trace id to the X-Ray form', () => {
    expect(toXRayTraceId('5f2a1c3d9e8b7a6f5e4d3c2b1a0f9e8d')).toBe('1-5f2a1c3d-9e8b7a6f5e4d3c2b1a0f9e8d');
    expect(toXRayTraceId('1-5F2A1C3D-9E8B7A6F5E4D3C2B1A0F9E8D')).toBe('1-5f2a1c3d-9e8b7a6f5e4d3c2b1a0f9e8d');
    expect(toXRayTraceId('00000000000000000000000000000000')).toBeNull();
    expect(toXRayTraceId('not-a-trace')).toBeNull();
  });

  it('finds X-Ray ids, traceparent headers and labelled W3C ids in a line', () => {
    const line =
      'ERROR pay failed traceparent=00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01 Root=1-65a0b1c2-00112233445566778899aabb trace_id=abcdef0123456789abcdef0123456789';
    expect(traceIdsIn(line)).toEqual([
      '1-0af76519-16cd43dd8448eb211c80319c',
      '1-65a0b1c2-00112233445566778899aabb',
      '1-abcdef01-23456789abcdef0123456789',
    ]);
  });

  it('does not take an unlabelled hash for a trace id', () => {
    expect(traceIdsIn('uploaded object etag d41d8cd98f00b204e9800998ecf8427e')).toEqual([]);
  });
});
