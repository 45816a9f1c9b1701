export * from './fleet';
export * from './codes';
export * from './evaluate';
export * from './access';
export * from './flips';
export * from './tickets';
export * from './features';
export * from './visibility';
export * from './project-assets';
// The R2 normaliser of draft roles is model data logic (the panel's editor uses it too); the engine re-exports it.
export * from '../model/draft-role';
export * from './diff';
export * from './roles';
export * from './invite';
export * from './verify-queue';
export * from './lint';
export * from './who-can-see';
export * from './blockers';
