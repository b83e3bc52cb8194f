/** The app's version (package.json), written into JSON exports. Vite inlines just this field. */
import { version } from '../../../package.json';

export const APP_VERSION: string = version;
