export * from './resample';
