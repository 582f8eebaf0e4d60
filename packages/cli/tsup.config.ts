import { libraryConfig } from '../../tsup.base.js';

export default libraryConfig({ main: 'src/main.ts', bin: 'src/bin.ts' }, { main: 'src/main.ts' });
