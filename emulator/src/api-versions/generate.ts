// Generates local Azure's table of published api-versions from Azure/azure-rest-api-specs. Not run by the
// tests nor at start-up: run it by hand after refreshing the source, then commit what it writes.
//
//   node --import tsx emulator/src/api-versions/generate.ts                       # from specs-export.json
//   node --import tsx emulator/src/api-versions/generate.ts --checkout <specs dir> # from a local clone
//
// With a checkout, every spec file the export names is looked for again under the clone (same relative
// path patterns, every version folder) and the clone's HEAD commit is the source; without one, the
// exported list (specs-export.json: spec paths per resource type group, each with the commit it was seen
// at) is the source. Writes published.ts (what the routes accept) and published.md (the table).
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, posix } from 'node:path';
import { fileURLToPath } from 'node:url';
import { tableFrom, type SpecsExport } from './table.ts';

const here = dirname(fileURLToPath(import.meta.url));

/** Every `<folder>/(stable|preview)/<version>/<rest>` under the clone that matches an exported path's shape. */
function rescan(exp: SpecsExport, checkout: string): SpecsExport {
  const head = execFileSync('git', ['-C', checkout, 'rev-parse', 'HEAD'], { encoding: 'utf8' }).trim();
  const groups = exp.groups.map((g) => {
    const files: Record<string, string> = {};
    const shapes = new Set(
      Object.keys(g.files).map((p) => {
        const m = /^(.*)\/(stable|preview)\/[^/]+\/(.*)$/.exec(p);
        return m ? `${m[1] ?? ''}\n${m[3] ?? ''}` : '';
      }),
    );
    for (const shape of shapes) {
      const [folder = '', rest = ''] = shape.split('\n');
      for (const kind of ['stable', 'preview']) {
        const dir = join(checkout, folder, kind);
        if (!existsSync(dir)) continue;
        for (const version of readdirSync(dir)) {
          const rel = posix.join(folder, kind, version, rest);
          if (existsSync(join(checkout, rel))) files[rel] = head;
        }
      }
    }
    return { ...g, files, absent: [] };
  });
  return { ...exp, collected: `A local clone at commit ${head}.`, groups };
}

function main(): void {
  const args = process.argv.slice(2);
  const at = args.indexOf('--checkout');
  const exp = JSON.parse(readFileSync(join(here, 'specs-export.json'), 'utf8')) as SpecsExport;
  const source = at >= 0 && args[at + 1] ? rescan(exp, args[at + 1] ?? '') : exp;
  const { ts, md } = tableFrom(source);
  writeFileSync(join(here, 'published.ts'), ts);
  writeFileSync(join(here, 'published.md'), md);
  // The house format (Prettier), so the generated files pass the format check unchanged.
  execFileSync('npx', ['prettier', '--write', join(here, 'published.ts'), join(here, 'published.md')], {
    stdio: 'inherit',
  });
  console.log('wrote published.ts and published.md');
}

main();
