// Rules of the Assets view: the page's assets, the virtual list of every cached asset and its rows (composed into
// the panel's stylesheet through the view registry).
export const ASSETS_CSS = `
.page-asset-rows { list-style: none; padding: 0; margin: 4px 0; max-height: 260px; overflow-y: auto; }
.page-asset-rows li { padding: 4px 0; border-bottom: 1px solid var(--border); }
.page-asset-rows .reason { margin: 2px 0 0; color: var(--muted); white-space: normal; overflow-wrap: anywhere; }
.linklike { border: 0; background: none; padding: 0; color: inherit; text-align: left; cursor: pointer; }
.vlist { overflow: auto; border: 1px solid var(--border); border-radius: 6px; position: relative; contain: strict; }
.vlist-inner { position: relative; width: 100%; }
.vrow { position: absolute; top: 0; left: 0; width: 100%; display: flex; align-items: center; padding: 0 6px; cursor: pointer; white-space: nowrap; overflow: hidden; }
.vrow.active { background: var(--row-active); }
.asset-row { display: flex; gap: 8px; align-items: center; min-width: 0; width: 100%; }
.asset-row .name { flex: 0 1 auto; overflow: hidden; text-overflow: ellipsis; }
.asset-row .reason { flex: 1 1 0; overflow: hidden; text-overflow: ellipsis; }
`;
