import { describe, expect, it } from 'vitest';
import { distanceMeters, etaMinutes, planFieldStep, taskStatusOf } from './dispatch.ts';

describe('planFieldStep', () => {
  it('advances one step at a time', () => {
    expect(planFieldStep('dispatched', 'received')).toEqual({ kind: 'advance', to: 'received', skipped: [] });
    expect(planFieldStep('received', 'arrived')).toEqual({ kind: 'advance', to: 'arrived', skipped: [] });
    expect(planFieldStep('arrived', 'completed')).toEqual({ kind: 'advance', to: 'completed', skipped: [] });
  });
  it('skips forward and names the steps it stamps on the way', () => {
    expect(planFieldStep('dispatched', 'arrived')).toEqual({ kind: 'advance', to: 'arrived', skipped: ['received'] });
    expect(planFieldStep('dispatched', 'completed')).toEqual({ kind: 'advance', to: 'completed', skipped: ['received', 'arrived'] });
  });
  it('treats a repeated or older report as a harmless repeat', () => {
    expect(planFieldStep('received', 'received')).toEqual({ kind: 'repeat' });
    expect(planFieldStep('arrived', 'received')).toEqual({ kind: 'repeat' });
    expect(planFieldStep('completed', 'arrived')).toEqual({ kind: 'repeat' });
  });
  it('refuses anything on a withdrawn assignment', () => {
    const plan = planFieldStep('cancelled', 'received');
    expect(plan.kind).toBe('refuse');
  });
});

describe('taskStatusOf', () => {
  it('is pending without live assignments', () => {
    expect(taskStatusOf([], false)).toBe('pending');
    expect(taskStatusOf([{ status: 'cancelled' }], false)).toBe('pending');
  });
  it('follows the most advanced live assignment', () => {
    expect(taskStatusOf([{ status: 'dispatched' }, { status: 'arrived' }, { status: 'received' }], false)).toBe('arrived');
  });
  it('is completed when any assignment completed, cancelled when withdrawn', () => {
    expect(taskStatusOf([{ status: 'cancelled' }, { status: 'completed' }], false)).toBe('completed');
    expect(taskStatusOf([{ status: 'arrived' }], true)).toBe('cancelled');
  });
});

describe('distanceMeters / etaMinutes', () => {
  it('measures a known distance (人民广场 → 外滩, about 1.6 km)', () => {
    const d = distanceMeters({ lat: 31.2304, lon: 121.4737 }, { lat: 31.2400, lon: 121.4900 });
    expect(d).toBeGreaterThan(1800);
    expect(d).toBeLessThan(1950);
    expect(distanceMeters({ lat: 31.23, lon: 121.47 }, { lat: 31.23, lon: 121.47 })).toBe(0);
  });
  it('one degree of latitude is about 111 km', () => {
    expect(Math.round(distanceMeters({ lat: 31, lon: 121 }, { lat: 32, lon: 121 }) / 1000)).toBe(111);
  });
  it('estimates minutes by car and on foot, never below one', () => {
    expect(etaMinutes(10_000, 'vehicle')).toBe(34);
    expect(etaMinutes(1_000, 'person')).toBe(19);
    expect(etaMinutes(0, 'vehicle')).toBe(1);
  });
});
