export * from './access';
export * from './tickets';
export * from './features';
export * from './roles';
export * from './lint';
export * from './who-can-see';
export * from './blockers';
export * from './words';
