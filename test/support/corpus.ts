export * from '../../src/verify/corpus.js';
