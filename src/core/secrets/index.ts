export * from './types';
export * from './env-store';
export * from './memory-store';
export * from './chain-store';
export * from './credentials';
