export * from './model';
export * from './equal';
export * from './format';
