import { createRequire as __kubewardRequire } from 'node:module'; const require = __kubewardRequire(import.meta.url);
import{a as u}from"./chunk-FTVDW3VR.js";var g=u((t,n)=>r=>`\x1B[${t}m${r}\x1B[${n}m`,"wrap");function b(t){if(!t){let n=u(r=>r,"id");return{underline:n,red:n,yellow:n,green:n,cyan:n,dim:n,bold:n,reset:n}}return{underline:g(4,24),red:g(31,39),yellow:g(33,39),green:g(32,39),cyan:g(36,39),dim:g(2,22),bold:g(1,22),reset:g(0,0)}}u(b,"styles");var C=/\u001b\[[0-9;]*m/g;function f(t){return t.replace(C,"")}u(f,"stripAnsi");var m=u((t,n)=>n===1?t:`${t}s`,"plural");function j(t,n){let r=[];for(let i of t)i.forEach((o,s)=>r[s]=Math.max(r[s]??0,f(o).length));return t.map(i=>i.map((o,s)=>{let c=" ".repeat(r[s]-f(o).length);return n[s]==="r"?c+o:o+c}).join("  ").trimEnd()).join(`
`)}u(j,"table");var M=u((t,n)=>{let r=b(n.color),i=`
`,o=0,s=0,c=0,p=0,y="yellow";for(let l of t){let $=[...l.messages,...l.notices??[]].sort((e,a)=>e.line-a.line||e.column-a.column);if(o+=l.errorCount,s+=l.warningCount,c+=l.fixableErrorCount,p+=l.fixableWarningCount,$.length===0)continue;i+=`${r.underline(l.filePath)}
`;let w=$.map(e=>{let a;return e.fatal||e.severity===2?(a=r.red("error"),y="red"):e.severity===1?a=r.yellow("warning"):a=r.cyan("info"),["",String(e.line||0),String(e.column||0),a,e.message.replace(/([^ ])\.$/u,"$1"),r.dim(e.ruleId??"")]});i+=`${j(w,["l","r","l"]).split(`
`).map(e=>e.replace(/(\d+)\s+(\d+)/u,(a,h,x)=>r.dim(`${h}:${x}`))).join(`
`)}

`}let d=o+s;if(d>0){let l=r[y];return i+=l(r.bold(`\u2716 ${d}${m(" problem",d)} (${o}${m(" error",o)}, ${s}${m(" warning",s)})
`)),(c>0||p>0)&&(i+=l(r.bold(`  ${c}${m(" error",c)} and ${p}${m(" warning",p)} potentially fixable with the \`--fix\` option.
`))),r.reset(i)}return i.trim()?r.reset(i):""},"stylish");export{M as stylish};
