// The layer rules of .dependency-cruiser.cjs, checked over the tree (`npm run lint`; README "Layers").
// It calls dependency-cruiser's API rather than its command line, which refuses Node < 22 while
// this project runs on Node ≥ 20.10. Prints each forbidden import and exits 1 when there is one.
//   node scripts/check-layers.mjs                    the whole tree
//   node scripts/check-layers.mjs --base-dir <dir>   another tree laid out the same way (the rules' test fixture)
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { cruise } from 'dependency-cruiser';
import extractDepcruiseOptions from 'dependency-cruiser/config-utl/extract-depcruise-options';

/** Every folder of code: the layers, and the scripts and tests that may import all of them. */
const FOLDERS = ['app', 'domain', 'eds', 'platform', 'documents', 'adapters', 'standins', 'activities', 'workflows', 'api', 'ui/src', 'scripts', 'tests'];

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const at = process.argv.indexOf('--base-dir');
const baseDir = at > 0 ? path.resolve(process.argv[at + 1]) : root;

const options = await extractDepcruiseOptions(path.join(root, '.dependency-cruiser.cjs'));
const folders = FOLDERS.filter((f) => fs.existsSync(path.join(baseDir, f)));
// Relative to baseDir, so the rules' paths (`^domain/` …) read the same in the fixture.
const result = await cruise(folders, { ...options, baseDir, outputType: 'err' }, {});
process.stdout.write(result.output);
// exitCode: the number of errors found.
process.exitCode = result.exitCode > 0 ? 1 : 0;
