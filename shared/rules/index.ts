/** The rules engine (rules.md): pure TypeScript used by the station, the renderer and the CLI. */
export * from './id-number.js';
export * from './params.js';
export * from './profiles.js';
export * from './scenario.js';
export * from './ballot.js';
export * from './turnout.js';
export * from './tally.js';
export * from './validate.js';
export * from './plan.js';
export * from './relatives.js';
export * from './committee.js';
export * from './dates.js';
export * from './decision.js';
export * from './proxies.js';
export * from './boxes.js';
export * from './candidates.js';
export * from './registration.js';
