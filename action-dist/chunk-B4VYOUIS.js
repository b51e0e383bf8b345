import { createRequire as __kubewardRequire } from 'node:module'; const require = __kubewardRequire(import.meta.url);
import{a as t}from"./chunk-FTVDW3VR.js";var o=t(r=>JSON.stringify(r),"json");export{o as json};
