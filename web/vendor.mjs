// Copies the front-end libraries the pages use from node_modules into
// static/vendor, where go:embed finds them: the build needs no npm and the
// pages load nothing from another host. Run with `npm run vendor` after
// changing a version in package.json, and commit the result.
import { cpSync, mkdirSync, rmSync } from 'node:fs';

const files = {
  'leaflet/dist/leaflet.js': 'leaflet/leaflet.js',
  'leaflet/dist/leaflet.css': 'leaflet/leaflet.css',
  'leaflet/LICENSE': 'leaflet/LICENSE',
};
rmSync('static/vendor', { recursive: true, force: true });
mkdirSync('static/vendor/leaflet', { recursive: true });
for (const [from, to] of Object.entries(files)) {
  cpSync('node_modules/' + from, 'static/vendor/' + to);
}
console.log('vendored', Object.keys(files).length, 'files into static/vendor');
