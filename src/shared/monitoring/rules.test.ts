import { describe, expect, it } from 'vitest';
import { applyReading, copyState, evaluate, initialState, isOffline, nextBand, rawBand, severityOf, thresholdProblem, FLAP_LIMIT, type SensorRuleConfig, type SensorState } from './rules';
import { parsePayload, parseTopic } from './payload';

const gas: SensorRuleConfig = { kind: 'gas_lel', h: 25, hh: 50, deadband: 2 };
const T0 = Date.UTC(2026, 11, 4, 2, 0, 0);
const min = (n: number) => T0 + n * 60_000;

function run(cfg: SensorRuleConfig, values: [number, number][], state: SensorState = initialState()) {
  const events: ReturnType<typeof evaluate>['events'] = [];
  for (const [at, v] of values) {
    const r = evaluate(cfg, state, v, at);
    state = r.state;
    events.push(...r.events);
  }
  return { state, events };
}

describe('thresholds with deadband', () => {
  it('bands without hysteresis', () => {
    expect(rawBand(10, gas)).toBe('N');
    expect(rawBand(25, gas)).toBe('H');
    expect(rawBand(50, gas)).toBe('HH');
    expect(rawBand(0.4, { l: 1, ll: 0.5 })).toBe('LL');
  });
  it('enters a band at the threshold and leaves it only past the deadband', () => {
    expect(nextBand('N', 25, gas)).toBe('H');
    expect(nextBand('H', 24, gas)).toBe('H'); // inside the deadband
    expect(nextBand('H', 23.5, gas)).toBe('H');
    expect(nextBand('H', 22.9, gas)).toBe('N');
    expect(nextBand('HH', 49, gas)).toBe('HH');
    expect(nextBand('HH', 47, gas)).toBe('H');
    expect(nextBand('HH', 10, gas)).toBe('N');
    expect(nextBand('H', 55, gas)).toBe('HH');
    const lv = { l: 1, ll: 0.5, h: 9, deadband: 0.1 };
    expect(nextBand('L', 1.05, lv)).toBe('L');
    expect(nextBand('L', 1.2, lv)).toBe('N');
    expect(nextBand('L', 9.5, lv)).toBe('H'); // to the other side at once
  });
  it('raises on entering, repeats while outside, clears once back past the deadband', () => {
    const { events } = run(gas, [
      [min(0), 10],
      [min(1), 30],
      [min(2), 55],
      [min(3), 24],
      [min(4), 20],
    ]);
    expect(events.map((e) => `${e.kind}:${e.type}:${e.kind === 'raise' ? e.severity : ''}`)).toEqual(['raise:threshold:2', 'raise:threshold:1', 'raise:threshold:2', 'clear:threshold:']);
  });
  it('severity by kind and band', () => {
    expect(severityOf('threshold', 'gas_lel', 'HH')).toBe(1);
    expect(severityOf('threshold', 'temperature', 'HH')).toBe(2);
    expect(severityOf('threshold', 'level', 'L')).toBe(3);
    expect(severityOf('offline', 'level')).toBe(4);
  });
  it('checks the order of thresholds and the range', () => {
    expect(thresholdProblem({ h: 50, hh: 25 })?.path).toBe('hh');
    expect(thresholdProblem({ ll: 2, l: 1 })?.path).toBe('l');
    expect(thresholdProblem({ h: 120, rangeMax: 100 })?.path).toBe('h');
    expect(thresholdProblem({ l: 1, h: 2, rangeMin: 0, rangeMax: 10 })).toBeUndefined();
  });
});

describe('rate of change, frozen value, flapping, offline', () => {
  it('rate of change above the limit per minute raises, back under clears', () => {
    const cfg: SensorRuleConfig = { kind: 'pressure', rateLimit: 0.5 };
    const { events } = run(cfg, [
      [min(0), 1.0],
      [min(1), 1.2],
      [min(2), 2.0],
      [min(3), 2.1],
    ]);
    expect(events.map((e) => `${e.kind}:${e.type}`)).toEqual(['raise:rate', 'clear:rate']);
  });
  it('a value unchanged for the frozen time raises once, a change clears', () => {
    const cfg: SensorRuleConfig = { kind: 'level', frozenMinutes: 30 };
    const values: [number, number][] = Array.from({ length: 8 }, (_, i) => [min(i * 5), 6.5]);
    values.push([min(45), 6.6]);
    const { events } = run(cfg, values);
    expect(events.map((e) => `${e.kind}:${e.type}`)).toEqual(['raise:frozen', 'clear:frozen']);
  });
  it('a flapping sensor keeps its alarm open instead of clearing and raising again', () => {
    const cfg: SensorRuleConfig = { kind: 'gas_lel', h: 25, deadband: 0 };
    const values: [number, number][] = [];
    for (let i = 0; i < 20; i++) values.push([min(i * 0.25), i % 2 ? 30 : 10]);
    const { events } = run(cfg, values);
    const clears = events.filter((e) => e.kind === 'clear').length;
    expect(clears).toBeLessThan(FLAP_LIMIT);
    expect(events.some((e) => e.kind === 'raise' && e.flapping)).toBe(true);
    // Calm again after the window: clears normally.
    const later = run(cfg, [[min(30), 30], [min(31), 10]]);
    expect(later.events.at(-1)?.kind).toBe('clear');
  });
  it('late or replayed readings do not drive the rules', () => {
    const a = run(gas, [[min(5), 60]]);
    const b = run(gas, [[min(4), 10], [min(5), 10]], a.state);
    expect(b.events).toEqual([]);
  });
  it('in place (the engine) gives the same states and events as evaluate, which leaves its input as it was', () => {
    // Every rule in play: thresholds crossed back and forth (flapping), jumps (rate), a stuck stretch (frozen), a late reading.
    const cfg: SensorRuleConfig = { kind: 'gas_lel', h: 25, hh: 50, deadband: 2, rateLimit: 20, frozenMinutes: 5 };
    const values: [number, number][] = [];
    let v = 10;
    for (let i = 0; i < 400; i++) {
      if (i % 50 < 20) v = i % 2 ? 30 : 10; // swings across 高报
      else if (i % 50 < 35) v = 12.5; // unchanged
      else v = (i * 7.3) % 60; // wanders, into 高高
      values.push([min(i) - (i % 97 === 0 ? 90 * 60_000 : 0), v]);
    }
    let pure = initialState();
    const inPlace = copyState(pure);
    const all: ReturnType<typeof evaluate>['events'] = [];
    const events: ReturnType<typeof evaluate>['events'] = [];
    for (const [at, x] of values) {
      const before = JSON.stringify(pure);
      const r = evaluate(cfg, pure, x, at);
      expect(JSON.stringify(pure)).toBe(before);
      const evaluated = r.state !== pure; // a late reading: the same state, untouched
      pure = r.state;
      all.push(...r.events);
      expect(applyReading(cfg, inPlace, x, at, events)).toBe(evaluated);
      expect(inPlace).toEqual(pure);
    }
    expect(events).toEqual(all);
    expect(new Set(all.map((e) => `${e.kind} ${e.type}`))).toEqual(new Set(['raise threshold', 'clear threshold', 'raise rate', 'clear rate', 'raise frozen', 'clear frozen']));
  });
  it('offline after three intervals without data', () => {
    expect(isOffline(min(0), 60, min(3), min(0))).toBe(false);
    expect(isOffline(min(0), 60, min(3) + 1, min(0))).toBe(true);
    expect(isOffline(null, 60, min(4), min(0))).toBe(true);
  });
});

describe('payload', () => {
  it('parses both forms, skips bad readings and rejects bad envelopes', () => {
    const r = parsePayload('{"readings":[{"sensor":"GT-1","ts":"2026-12-04T10:00:00+08:00","value":1.5},{"sensor":"GT-2","value":"x"},{"sensor":"GT-3","value":2}]}', 1000);
    expect(r).toEqual({ ok: true, skipped: 1, readings: [{ sensor: 'GT-1', at: Date.parse('2026-12-04T02:00:00Z'), value: 1.5 }, { sensor: 'GT-3', at: 1000, value: 2 }] });
    const v = parsePayload({ ts: 5000, values: { A: 1, B: Number.NaN } }, 1);
    expect(v).toEqual({ ok: true, skipped: 1, readings: [{ sensor: 'A', at: 5000, value: 1 }] });
    expect(parsePayload('not json', 1).ok).toBe(false);
    expect(parsePayload('[1,2]', 1).ok).toBe(false);
    expect(parsePayload({ readings: new Array(1001).fill({ sensor: 'A', value: 1 }) }, 1).ok).toBe(false);
  });
  it('parses topics', () => {
    const e = '3f2504e0-4f89-41d3-9a0c-0305e82c3301';
    const d = '7c9e6679-7425-40de-944b-e07fc1f90ae7';
    expect(parseTopic(`anzhi/${e}/${d}/data`)).toEqual({ enterpriseId: e, deviceId: d });
    expect(parseTopic(`anzhi/${e}/${d}/cmd`)).toBeUndefined();
    expect(parseTopic(`anzhi/+/${d}/data`)).toBeUndefined();
  });
});
