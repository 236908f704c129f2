export * from './common.ts';
export * from './descriptor.ts';
export * from './discovery.ts';
export * from './facts.ts';
export * from './meta.ts';
export * from './service.ts';
export * from './team.ts';
export * from './waiver.ts';
