// The public API for plugins in a user's repository (`import { defineCollector, defineEvaluator, z }
// from 'shipshape/plugin'`): exactly the contract the built-in collectors and evaluators use, and the
// zod instance Shipshape validates with, so a plugin's schemas are read like built-in ones.
export { z } from 'zod';
export { defineCollector } from '../collectors/types.ts';
export type { Collector, CollectorContext, CollectorOutput, CollectorProblem, DiscoveredService } from '../collectors/types.ts';
export { defineEvaluator } from './lib/scoring/model.ts';
export type { Evaluator, EvaluatorContext, EvaluatorResult } from './lib/scoring/model.ts';
export type { FactView } from './lib/scoring/facts.ts';
