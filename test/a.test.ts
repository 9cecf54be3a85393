import {test} from 'node:test'; test('x', ()=>{const a: number = 1; if(a!==1) throw new Error()});
