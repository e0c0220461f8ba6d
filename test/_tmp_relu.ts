import * as fs from 'node:fs';
import { reluChain } from './hostile/corpus';
fs.writeFileSync('/tmp/relu50k.onnx', reluChain(50000));
