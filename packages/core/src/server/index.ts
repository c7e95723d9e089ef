export type * from './core-contract.js'
