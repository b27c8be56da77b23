export { scanGoFuncs, type GoFunc, type ScanOptions, type SourcePoint } from "./funcs.js";
export { scanGoImports } from "./imports.js";
