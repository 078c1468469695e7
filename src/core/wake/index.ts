export * from './backoff.js';
export * from './bytes.js';
export * from './choose.js';
export * from './classify.js';
export * from './describe.js';
export * from './message.js';
export * from './outcome.js';
export * from './request.js';
