export * from './types';
export * from './migrations';
export * from './parse';
export * from './memory-store';
