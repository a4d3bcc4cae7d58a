export * from './common';
export * from './errors';
export * from './offer';
export * from './resource';
export * from './provider';
export * from './filter';
export * from './watch';
export * from './snapshot';
