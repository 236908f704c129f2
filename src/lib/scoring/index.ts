// The pure scoring library: plain data plus `now` in, plain data out. No I/O, no clock.
export * from './evaluate.ts';
export * from './expectations.ts';
export * from './facts.ts';
export * from './levels.ts';
export * from './model.ts';
export * from './score.ts';
export * from './validate.ts';
export { EVALUATORS, EVALUATORS_BY_NAME } from './evaluators/index.ts';
