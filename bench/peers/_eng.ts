import { compileFleet, visibleAssets, userAssetsPacked } from '../../core/engine';
import { generateFleet } from '../../core/generate/fleet';
import { chooseSample } from '../compare';
import { median, timed } from './timing';
for (const n of [10000, 100000, 10000, 100000]) {
  const s = generateFleet({ seed: 1, assets: n });
  const f = compileFleet(s);
  const sample = chooseSample(f, 1 + n);
  for (let r = 0; r < 3; r++) visibleAssets(f, s.users[sample.users[r]].id);
  const v = median(sample.users.map((u) => timed(() => visibleAssets(f, s.users[u].id))[1]));
  const p = median(sample.users.map((u) => timed(() => userAssetsPacked(f, u))[1]));
  const counts = sample.users.map((u) => visibleAssets(f, s.users[u].id).assets.length);
  console.log(n, 'visible', v.toFixed(3), 'packed', p.toFixed(3), 'median visible count', median(counts), 'ns/asset', (v * 1e6 / n).toFixed(1));
}
