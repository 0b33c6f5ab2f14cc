// Node-RED looks for a node's editor HTML, icons and message catalogues
// beside the node's JavaScript file, so the build assembles them in
// dist/nodes from the top-level folders where they are edited.
import { cpSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const target = join(root, 'dist', 'nodes');

for (const file of readdirSync(join(root, 'nodes'))) {
  if (file.endsWith('.html')) {
    cpSync(join(root, 'nodes', file), join(target, file));
  }
}
cpSync(join(root, 'icons'), join(target, 'icons'), { recursive: true });
cpSync(join(root, 'locales'), join(target, 'locales'), { recursive: true });
