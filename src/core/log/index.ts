export * from './types';
export * from './redact';
export * from './logger';
