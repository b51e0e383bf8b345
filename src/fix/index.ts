/** fix: declarative fixes → minimal text edits, applying edits, --fix-type. */
export {
  appendDocumentEdit,
  applyFixes,
  editReadsTree,
  fixToEdit,
  MAX_FIX_PASSES,
  parseFixTypes,
  writeFixedFile,
  contentDigest,
  type FixFilter,
} from './fix.js';
