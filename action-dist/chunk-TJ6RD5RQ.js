import { createRequire as __kubewardRequire } from 'node:module'; const require = __kubewardRequire(import.meta.url);
import{a as e}from"./chunk-2XNORSME.js";import{a as r}from"./chunk-FTVDW3VR.js";import n from"node:fs";function t(){try{return JSON.parse(n.readFileSync(e("package.json"),"utf8")).version}catch{return"0.0.0"}}r(t,"readVersion");var s=t();export{s as a};
