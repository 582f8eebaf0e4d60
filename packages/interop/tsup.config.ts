import { libraryConfig } from '../../tsup.base.js';

// The XLSX writer is its own entry so that importing the package does not load exceljs.
export default libraryConfig({ index: 'src/index.ts', xlsx: 'src/fsma/xlsx.ts' });
