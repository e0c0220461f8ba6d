// The slice of the WebAssembly JS API the TFLM loader uses. Node 20 has it at run time, but
// neither lib ES2022 nor @types/node declares it (it lives in lib.dom).
declare namespace WebAssembly {
  interface Module { readonly __brand: 'WebAssembly.Module' }
  interface Instance { readonly exports: Record<string, unknown> }
  type Imports = Record<string, Record<string, unknown>>;
  class RuntimeError extends Error {}
  function compile(bytes: ArrayBufferView | ArrayBuffer): Promise<Module>;
  function instantiate(module: Module, imports?: Imports): Promise<Instance>;
}
