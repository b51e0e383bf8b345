/** config: config files and their schema, presets, levels and options per file (overrides), ignore patterns. */
export * from './config.js';
export * from './config-file.js';
