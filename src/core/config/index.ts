export * from './schema';
export * from './expand';
export * from './validate';
export * from './load';
export * from './base-url';
export * from './json-schema';
export { parseJsonText } from './json-text';
export { formatPath } from './paths';
