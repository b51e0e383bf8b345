import { createRequire as __kubewardRequire } from 'node:module'; const require = __kubewardRequire(import.meta.url);
import{a,b,c,d}from"./chunk-WLTWWX2Y.js";import"./chunk-U6LY35J3.js";import"./chunk-FTVDW3VR.js";export{d as checkstyle,c as reportPath,a as xmlChars,b as xmlEscape};
