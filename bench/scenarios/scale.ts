// Scale on SQLite: the curve of GET-ticket throughput and create latency from 1k to 1M tickets.
import { scaleCurve } from '../lib/scale-curve.js';
import type { Scenario } from '../lib/scenario.js';

export const scaleScenario: Scenario = {
  name: 'scale',
  description: 'SQLite: GET ticket req/s and create latency as the store grows (BENCH_SCALE_STEPS)',
  run: (settings) => scaleCurve('SQLite', settings.scaleSteps, settings),
};
