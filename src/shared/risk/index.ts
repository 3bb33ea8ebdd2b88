export * from './numbers';
export * from './grading';
export * from './gb18218';
export * from './vocab';
export * from './labels';
