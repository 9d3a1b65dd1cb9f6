// The licence texts of the npm packages esbuild bundled into the extension, for dist/THIRD-PARTY-NOTICES.txt.
// The bundles are copies of that code, and MIT, BSD and Apache-2.0 all ask for their notice to travel with copies;
// esbuild's legalComments keep only /*! banners, which most of these packages do not have.
const fs = require('node:fs');
const path = require('node:path');

const LICENCE_FILE = /^(licen[cs]e|copying)([-.][\w.-]*)?$/i; // LICENSE, LICENSE.md, LICENSE-MIT.txt…

/** The package folder an esbuild input path lies in (after its last node_modules/), or undefined for our own code. */
function packageDir(input) {
  // Inputs a plugin loaded are named "<namespace>:<path>".
  const file = input.replace(/^[a-z][\w-]+:(?=[\\/])/, '');
  const abs = path.resolve(file).split(path.sep).join('/');
  const at = abs.lastIndexOf('/node_modules/');
  if (at < 0) return undefined;
  const parts = abs.slice(at + '/node_modules/'.length).split('/');
  const name = parts[0].startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0];
  return abs.slice(0, at + '/node_modules/'.length) + name;
}

/**
 * Notices for every package that contributed bytes to an output of the given esbuild metafiles, sorted by name.
 * Throws when a bundled package ships neither a licence file nor a licence field: that must be looked at by a person.
 */
function thirdPartyNotices(metafiles) {
  const dirs = new Set();
  for (const meta of metafiles) {
    for (const output of Object.values(meta.outputs)) {
      for (const [input, { bytesInOutput }] of Object.entries(output.inputs)) {
        const dir = bytesInOutput > 0 ? packageDir(input) : undefined;
        if (dir) dirs.add(dir);
      }
    }
  }
  const entries = [...dirs].map((dir) => {
    const pkg = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8'));
    const file = fs.readdirSync(dir).find((f) => LICENCE_FILE.test(f));
    const text = file ? fs.readFileSync(path.join(dir, file), 'utf8').trim() : undefined;
    if (!text && !pkg.license) throw new Error(`${pkg.name}: bundled, but it has no licence file or licence field`);
    return { name: pkg.name, version: pkg.version, license: pkg.license ?? 'see text', text: text ?? `Licensed under ${pkg.license} (the package ships no licence file).` };
  });
  entries.sort((a, b) => a.name.localeCompare(b.name));
  const head = 'Stream Explain bundles the following third-party packages. Their licences follow.\n';
  const body = entries.map((e) => `${'='.repeat(79)}\n${e.name} ${e.version} (${e.license})\n${'='.repeat(79)}\n\n${e.text}\n`);
  return { packages: entries.map((e) => `${e.name}@${e.version}`), text: [head, ...body].join('\n') };
}

module.exports = { thirdPartyNotices };
